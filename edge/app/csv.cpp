#include "edge/app/csv.h"

#include <algorithm>
#include <cstdio>

#include "edge/common/text.h"

namespace jxc::app::csv {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_line_end(char c) { return c == '\n' || c == '\r'; }

// Consumes one line end at `pos` (CRLF, LF, or a lone CR as old Mac exports
// write) and returns the position after it.
std::size_t skip_line_end(std::string_view s, std::size_t pos) {
  if (s[pos] == '\r' && pos + 1 < s.size() && s[pos + 1] == '\n') return pos + 2;
  return pos + 1;
}

// A data field holding a control character (other than tab) is refused:
// names and codes are one line of text for a person, and an escape sequence
// or a line break in a name would rewrite the operator's terminal or split a
// log line wherever the name is shown. The file's owner can fix the row.
std::string control_in(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (auto c = text::find_control(fields[i])) {
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(*c));
      return "field " + std::to_string(i + 1) + " holds control character " + code +
             " (names and codes are one line of text)";
    }
  }
  return {};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Code points of valid UTF-8 (split() refused every record that is not).
std::size_t chars(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool listed(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The first field longer than its column allows, as an error; "" when none.
std::string too_long(const std::vector<std::string>& fields, const std::vector<std::string>& header,
                     const Columns& columns) {
  for (std::size_t i = 0; i < fields.size() && i < header.size(); ++i) {
    const std::size_t limit = listed(columns.codes, header[i])   ? kMaxCodeChars
                              : listed(columns.names, header[i]) ? kMaxNameChars
                                                                 : kMaxFieldChars;
    const std::size_t n = chars(trim(fields[i]));
    if (n > limit)
      return "column '" + header[i] + "' holds " + std::to_string(n) + " characters; at most " +
             std::to_string(limit) + " are allowed";
  }
  return "";
}

std::string normalise_name(std::string_view s) {
  std::string out(trim(s));
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// Parses records one at a time; `line` follows physical lines, including those
// inside quoted fields, so that every record knows where it starts.
class Splitter {
 public:
  explicit Splitter(std::string_view text) : s_(text) {
    if (s_.substr(0, kBom.size()) == kBom) s_.remove_prefix(kBom.size());
  }

  std::vector<Record> run(std::vector<Error>* errors) {
    std::vector<Record> out;
    while (pos_ < s_.size()) {
      if (is_line_end(s_[pos_])) {  // an empty line carries no record
        pos_ = skip_line_end(s_, pos_);
        ++line_;
        continue;
      }
      Record rec;
      rec.line = line_;
      std::size_t begin = pos_;
      std::string why = record(rec.fields);
      // Spreadsheets in China often save CSV as GBK; such bytes must not reach
      // the store as garbled names, so a record that is not UTF-8 is refused.
      if (why.empty() && !text::is_valid_utf8(s_.substr(begin, pos_ - begin)))
        why = "is not valid UTF-8 (save the file as \"CSV UTF-8\")";
      if (!why.empty()) {
        if (errors) errors->push_back({rec.line, why});
        continue;
      }
      out.push_back(std::move(rec));
    }
    return out;
  }

 private:
  // Reads one record up to and including its line end. Returns why it is bad,
  // having skipped to the end of the physical line, or "" when it is good.
  std::string record(std::vector<std::string>& fields) {
    for (;;) {
      std::string field;
      std::string why = s_[pos_] == '"' ? quoted(field, fields.size() + 1)
                                        : unquoted(field, fields.size() + 1);
      if (!why.empty()) {
        skip_rest_of_line();
        return why;
      }
      fields.push_back(std::move(field));
      if (pos_ >= s_.size()) return {};
      if (s_[pos_] == ',') {
        ++pos_;
        if (pos_ >= s_.size() || is_line_end(s_[pos_])) {
          fields.emplace_back();  // "a,b," ends with an empty field
          end_line();
          return {};
        }
        continue;
      }
      end_line();  // at a line end: unquoted() and quoted() stop only there or at ','
      return {};
    }
  }

  std::string unquoted(std::string& field, std::size_t n) {
    std::size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != ',' && !is_line_end(s_[pos_])) {
      if (s_[pos_] == '"')
        return "field " + std::to_string(n) +
               " has a quote inside an unquoted value (quote the whole field and double the quote)";
      ++pos_;
    }
    field.assign(s_.substr(start, pos_ - start));
    return {};
  }

  std::string quoted(std::string& field, std::size_t n) {
    std::size_t opened_on = line_;
    ++pos_;  // the opening quote
    for (;;) {
      if (pos_ >= s_.size())
        return "field " + std::to_string(n) + ": unterminated quoted field (the quote opened on line " +
               std::to_string(opened_on) + " never closes)";
      char c = s_[pos_];
      if (c == '"') {
        if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
          field.push_back('"');
          pos_ += 2;
          continue;
        }
        ++pos_;  // the closing quote
        break;
      }
      if (is_line_end(c)) {
        std::size_t next = skip_line_end(s_, pos_);
        field.append(s_.substr(pos_, next - pos_));
        pos_ = next;
        ++line_;
        continue;
      }
      field.push_back(c);
      ++pos_;
    }
    if (pos_ < s_.size() && s_[pos_] != ',' && !is_line_end(s_[pos_]))
      return "field " + std::to_string(n) + " has text after its closing quote";
    return {};
  }

  void end_line() {
    if (pos_ < s_.size() && is_line_end(s_[pos_])) {
      pos_ = skip_line_end(s_, pos_);
      ++line_;
    }
  }

  void skip_rest_of_line() {
    while (pos_ < s_.size() && !is_line_end(s_[pos_])) ++pos_;
    end_line();
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

std::vector<Record> split(std::string_view text, std::vector<Error>* errors) {
  return Splitter(text).run(errors);
}

Table Table::parse(std::string_view text, const Columns& columns) {
  Table t;
  std::vector<Record> records = split(text, &t.errors_);
  auto header_error = [&](std::size_t line, std::string why) {
    t.errors_.push_back({line, std::move(why)});
  };
  // When the first record is bad, what split() returns first is a data row,
  // not the header; reading on would misname every column.
  if (records.empty() || (!t.errors_.empty() && t.errors_.front().line < records.front().line)) {
    if (records.empty() && t.errors_.empty())
      header_error(0, "the file is empty: expected a header row naming the columns " +
                          join(columns.required));
    else
      header_error(t.errors_.empty() ? 0 : t.errors_.front().line,
                   "the header row cannot be read, so no row is");
    return t;
  }

  const Record& head = records.front();
  bool header_ok = true;
  for (std::size_t i = 0; i < head.fields.size(); ++i) {
    std::string name = normalise_name(head.fields[i]);
    for (const auto& [alias, column] : columns.aliases)
      if (name == normalise_name(alias)) name = column;
    bool known = std::find(columns.required.begin(), columns.required.end(), name) !=
                     columns.required.end() ||
                 std::find(columns.optional.begin(), columns.optional.end(), name) !=
                     columns.optional.end();
    if (name.empty()) {
      header_error(head.line, "header column " + std::to_string(i + 1) + " has no name");
      header_ok = false;
    } else if (std::find(t.header_.begin(), t.header_.end(), name) != t.header_.end()) {
      header_error(head.line, "column '" + name + "' appears twice in the header");
      header_ok = false;
    } else if (!known) {
      std::vector<std::string> all = columns.required;
      all.insert(all.end(), columns.optional.begin(), columns.optional.end());
      header_error(head.line, "unknown column '" + name + "' (known columns: " + join(all) + ")");
      header_ok = false;
    }
    t.header_.push_back(std::move(name));
  }
  for (const auto& req : columns.required)
    if (!t.has(req)) {
      header_error(head.line, "missing required column '" + req + "'");
      header_ok = false;
    }

  for (std::size_t r = 1; r < records.size(); ++r) {
    Record& rec = records[r];
    // Spreadsheets leave rows of bare commas below the data; they mean nothing.
    if (std::all_of(rec.fields.begin(), rec.fields.end(),
                    [](const std::string& f) { return trim(f).empty(); }))
      continue;
    if (rec.fields.size() != t.header_.size()) {
      t.errors_.push_back({rec.line, "has " + std::to_string(rec.fields.size()) +
                                         " fields, the header has " +
                                         std::to_string(t.header_.size())});
      continue;
    }
    if (std::string why = control_in(rec.fields); !why.empty()) {
      t.errors_.push_back({rec.line, std::move(why)});
      continue;
    }
    if (std::string why = too_long(rec.fields, t.header_, columns); !why.empty()) {
      t.errors_.push_back({rec.line, std::move(why)});
      continue;
    }
    if (header_ok) t.rows_.push_back(std::move(rec));
  }
  std::stable_sort(t.errors_.begin(), t.errors_.end(),
                   [](const Error& a, const Error& b) { return a.line < b.line; });
  return t;
}

bool Table::has(std::string_view column) const {
  return std::find(header_.begin(), header_.end(), column) != header_.end();
}

std::optional<std::string_view> Table::get(const Record& row, std::string_view column) const {
  auto it = std::find(header_.begin(), header_.end(), column);
  if (it == header_.end()) return std::nullopt;
  auto idx = static_cast<std::size_t>(it - header_.begin());
  if (idx >= row.fields.size()) return std::nullopt;
  return trim(row.fields[idx]);
}

std::string to_string(const Error& e) {
  if (e.line == 0) return e.reason;
  return "line " + std::to_string(e.line) + ": " + e.reason;
}

}  // namespace jxc::app::csv
