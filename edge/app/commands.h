#pragma once
// Each subcommand of jxc-edge lives in its own file and registers itself on the
// CLI here. A command's callback throws CLI::RuntimeError(code) to exit non-zero.

#include <CLI/CLI.hpp>

namespace jxc::app {

void add_run_command(CLI::App& app);           // cmd_run.cpp
void add_check_config_command(CLI::App& app);  // cmd_check_config.cpp
void add_init_command(CLI::App& app);          // cmd_init.cpp: init (creates the store)
void add_status_command(CLI::App& app);        // cmd_status.cpp: status
void add_import_command(CLI::App& app);        // cmd_import.cpp
void add_import_opening(CLI::App& import);     // cmd_import_opening.cpp: import opening
void add_stock_commands(CLI::App& app);        // cmd_stock.cpp: stock, ledger, outbox, verify
void add_serial_commands(CLI::App& app);       // cmd_serial.cpp: serial show|list
void add_doc_commands(CLI::App& app);          // cmd_doc.cpp: doc list|show|confirm|post|cancel|reverse
void add_post_commands(CLI::App& app);         // cmd_post.cpp: post receipt|issue|...
void add_order_commands(CLI::App& app);        // cmd_order.cpp: order add|show|list|cancel
void add_count_commands(CLI::App& app);        // cmd_count.cpp: count open|enter|report|approve
void add_weight_commands(CLI::App& app);       // cmd_weight.cpp: weight slots|calibrate|discrepancies|accept|dismiss
void add_alert_commands(CLI::App& app);       // cmd_alerts.cpp: alerts list|ack|deliveries, replenish list|set
void add_user_commands(CLI::App& app);        // cmd_user.cpp: user add|list|token
void add_audit_command(CLI::App& app);        // cmd_audit.cpp: audit
void add_report_commands(CLI::App& app);      // cmd_report.cpp: report movements|value
void add_backup_commands(CLI::App& app);      // cmd_backup.cpp: backup DIR, restore FILE
void add_tools_command(CLI::App& app);         // cmd_tools.cpp: tools ... (decoders for integrators)
void add_epc_decode_tool(CLI::App& tools);     // tool_epc_decode.cpp: tools epc-decode HEX...
void add_gs1_parse_tool(CLI::App& tools);      // tool_gs1_parse.cpp: tools gs1-parse STRING...
void add_llrp_decode_tool(CLI::App& tools);    // tool_llrp_decode.cpp: tools llrp-decode HEX...

}  // namespace jxc::app
