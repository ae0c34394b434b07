#include "edge/inventory/backup.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "edge/inventory/outbox.h"
#include "edge/inventory/queries.h"
#include "edge/store/schema.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kFormat = "jxc-edge-backup/1";
constexpr const char* kPrefix = "jxc-edge-";

// "20261204T232500123Z": sorts as time does, and is a valid file name.
std::string stamp(TimeMs ms) {
  std::time_t s = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::gmtime_r(&s, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02d%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(((ms % 1000) + 1000) % 1000));
  return buf;
}

std::string hex(const unsigned char* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}

Status fsync_path(const fs::path& p, bool directory) {
  int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return error(Errc::io, "cannot open " + p.string() + " to sync it");
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return error(Errc::io, "cannot sync " + p.string());
  return Status::ok();
}

// Compresses `from` into `to` and returns the SHA-256 of `from`.
Result<std::string> gzip_file(const fs::path& from, const fs::path& to) {
  std::ifstream in(from, std::ios::binary);
  if (!in) return error(Errc::io, "cannot read " + from.string());
  gzFile out = gzopen(to.c_str(), "wb6");
  if (!out) return error(Errc::io, "cannot write " + to.string());
  crypto_hash_sha256_state sha;
  crypto_hash_sha256_init(&sha);
  std::vector<char> buf(1 << 16);
  bool ok = true;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    auto n = static_cast<unsigned>(in.gcount());
    if (n == 0) break;
    crypto_hash_sha256_update(&sha, reinterpret_cast<const unsigned char*>(buf.data()), n);
    if (gzwrite(out, buf.data(), n) != static_cast<int>(n)) {
      ok = false;
      break;
    }
  }
  if (gzclose(out) != Z_OK) ok = false;
  if (!ok || in.bad()) return error(Errc::io, "cannot write " + to.string() + " (disk full?)");
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&sha, digest);
  return hex(digest, sizeof digest);
}

// Decompresses `from` into `to` and returns the SHA-256 of what came out.
Result<std::string> gunzip_file(const fs::path& from, const fs::path& to) {
  gzFile in = gzopen(from.c_str(), "rb");
  if (!in) return error(Errc::io, "cannot read " + from.string());
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  if (!out) {
    gzclose(in);
    return error(Errc::io, "cannot write " + to.string());
  }
  crypto_hash_sha256_state sha;
  crypto_hash_sha256_init(&sha);
  std::vector<char> buf(1 << 16);
  int n = 0;
  while ((n = gzread(in, buf.data(), static_cast<unsigned>(buf.size()))) > 0) {
    crypto_hash_sha256_update(&sha, reinterpret_cast<const unsigned char*>(buf.data()), static_cast<unsigned>(n));
    out.write(buf.data(), n);
  }
  int errnum = 0;
  std::string why = n < 0 ? gzerror(in, &errnum) : "";
  gzclose(in);
  out.close();
  if (n < 0) return error(Errc::corrupt, from.string() + " is damaged: " + why);
  if (!out) return error(Errc::io, "cannot write " + to.string() + " (disk full?)");
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&sha, digest);
  return hex(digest, sizeof digest);
}

json to_json(const BackupManifest& m) {
  return {{"format", m.format},         {"file", m.file},
          {"source", m.source},         {"created_at", format_iso8601(m.created_at)},
          {"created_at_ms", m.created_at}, {"schema_version", m.schema_version},
          {"epoch", m.epoch},           {"last_seq", m.last_seq},
          {"acked_up_to", m.acked_up_to}, {"last_movement_id", m.last_movement_id},
          {"movements", m.movements},   {"bytes", m.bytes},
          {"sha256", m.sha256}};
}

Result<BackupManifest> from_json(const json& j, const std::string& where) {
  try {
    BackupManifest m;
    m.format = j.at("format").get<std::string>();
    if (m.format != kFormat) return error(Errc::invalid_argument, where + ": not a jxc-edge backup manifest");
    m.file = j.at("file").get<std::string>();
    m.source = j.at("source").get<std::string>();
    m.created_at = j.at("created_at_ms").get<TimeMs>();
    m.schema_version = j.at("schema_version").get<std::int64_t>();
    m.epoch = j.at("epoch").get<std::string>();
    m.last_seq = j.at("last_seq").get<std::int64_t>();
    m.acked_up_to = j.at("acked_up_to").get<std::int64_t>();
    m.last_movement_id = j.at("last_movement_id").get<std::int64_t>();
    m.movements = j.at("movements").get<std::int64_t>();
    m.bytes = j.at("bytes").get<std::int64_t>();
    m.sha256 = j.at("sha256").get<std::string>();
    if (m.file.find('/') != std::string::npos || m.file.empty())
      return error(Errc::invalid_argument, where + ": 'file' must be a file name beside the manifest");
    return m;
  } catch (const json::exception& e) {
    return error(Errc::invalid_argument, where + ": " + e.what());
  }
}

// Reads what the manifest says of a copy, from the copy.
Status describe_copy(const fs::path& copy, BackupManifest* m) {
  JXC_ASSIGN(auto q, Queries::open(copy.string()));
  JXC_ASSIGN(m->schema_version, q->db().query_int("PRAGMA user_version"));
  JXC_ASSIGN(auto stats, Outbox::stats(*q));
  m->epoch = stats.epoch;
  m->last_seq = stats.last_seq;
  m->acked_up_to = stats.acked_up_to;
  JXC_ASSIGN(m->last_movement_id, q->db().query_int("SELECT coalesce(max(id), 0) FROM movements"));
  JXC_ASSIGN(m->movements, q->db().query_int("SELECT count(*) FROM movements"));
  return Status::ok();
}

void remove_quietly(const fs::path& p) {
  std::error_code ec;
  fs::remove(p, ec);
}

}  // namespace

Result<BackupManifest> backup_store(const std::string& store_path, const std::string& dir, TimeMs now) {
  if (sodium_init() < 0) return error(Errc::internal, "libsodium could not start");
  std::error_code ec;
  if (!fs::exists(store_path, ec)) return error(Errc::io, "no store at " + store_path);
  fs::create_directories(dir, ec);
  if (ec) return error(Errc::io, "cannot create " + dir + ": " + ec.message());
  const std::string stem = kPrefix + stamp(now);
  const fs::path copy = fs::path(dir) / ("." + stem + ".db.tmp");
  const fs::path gz_tmp = fs::path(dir) / ("." + stem + ".db.gz.tmp");
  const fs::path gz = fs::path(dir) / (stem + ".db.gz");
  const fs::path manifest_tmp = fs::path(dir) / ("." + stem + ".json.tmp");
  const fs::path manifest = fs::path(dir) / (stem + ".json");
  if (fs::exists(gz, ec)) return error(Errc::conflict, gz.string() + " exists already");
  remove_quietly(copy);
  auto cleanup = [&] {
    remove_quietly(copy);
    remove_quietly(gz_tmp);
    remove_quietly(manifest_tmp);
  };

  BackupManifest m;
  m.format = kFormat;
  m.file = gz.filename().string();
  m.source = fs::absolute(store_path, ec).string();
  m.created_at = now;
  {
    // One read transaction: every page as of one moment, while the writer goes on.
    store::Db::Options o;
    o.read_only = true;
    JXC_ASSIGN(auto db, store::Db::open(store_path, o));
    JXC_ASSIGN(auto st, db->prepare("VACUUM INTO ?1"));
    st->bind_all(copy.string());
    if (Status s = st->run(); !s) {
      cleanup();
      return s;
    }
  }
  if (Status s = describe_copy(copy, &m); !s) {
    cleanup();
    return s;
  }
  m.bytes = static_cast<std::int64_t>(fs::file_size(copy, ec));
  auto sha = gzip_file(copy, gz_tmp);
  if (!sha) {
    cleanup();
    return sha.status();
  }
  m.sha256 = *sha;
  {
    std::ofstream out(manifest_tmp, std::ios::trunc);
    out << to_json(m).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    if (!out) {
      cleanup();
      return error(Errc::io, "cannot write " + manifest_tmp.string());
    }
  }
  // The compressed copy first, then the manifest that vouches for it.
  for (const auto& [from, to] : {std::pair{gz_tmp, gz}, std::pair{manifest_tmp, manifest}}) {
    if (Status s = fsync_path(from, false); !s) {
      cleanup();
      return s;
    }
    fs::rename(from, to, ec);
    if (ec) {
      cleanup();
      return error(Errc::io, "cannot rename " + from.string() + ": " + ec.message());
    }
  }
  remove_quietly(copy);
  JXC_TRY(fsync_path(dir, true));
  return m;
}

Result<BackupManifest> read_backup_manifest(const std::string& backup_file) {
  fs::path p(backup_file);
  std::string name = p.filename().string();
  if (name.ends_with(".db.gz")) p.replace_filename(name.substr(0, name.size() - 6) + ".json");
  std::ifstream in(p);
  if (!in) return error(Errc::io, "no manifest at " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return error(Errc::invalid_argument, p.string() + ": not JSON");
  return from_json(j, p.string());
}

Result<RestoreResult> restore_store(const std::string& backup_file, const std::string& store_path, TimeMs now) {
  if (sodium_init() < 0) return error(Errc::internal, "libsodium could not start");
  JXC_ASSIGN(auto m, read_backup_manifest(backup_file));
  const fs::path gz = fs::path(backup_file).parent_path() / m.file;
  if (m.schema_version > store::latest_schema_version())
    return error(Errc::schema_too_new, "the backup has schema version " + std::to_string(m.schema_version) +
                                           "; this jxc-edge reads up to " +
                                           std::to_string(store::latest_schema_version()));
  std::error_code ec;
  const fs::path target = fs::absolute(store_path, ec);
  fs::create_directories(target.parent_path(), ec);
  const fs::path staged = target.string() + ".restoring";
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) remove_quietly(staged.string() + suffix);
  auto cleanup = [&] {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) remove_quietly(staged.string() + suffix);
  };
  auto sha = gunzip_file(gz, staged);
  if (!sha) {
    cleanup();
    return sha.status();
  }
  if (*sha != m.sha256) {
    cleanup();
    return error(Errc::corrupt, gz.string() + " does not match its manifest's checksum: the store is untouched");
  }
  {
    store::Db::Options o;
    JXC_ASSIGN(auto db, store::Db::open(staged.string(), o));
    auto check = db->query_int("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'");
    if (!check || *check != 0) {
      db.reset();
      cleanup();
      return error(Errc::corrupt, gz.string() + " fails SQLite's integrity check: the store is untouched");
    }
    // A new epoch at the next open; the restore is on record.
    const std::string origin = m.file + " (epoch " + m.epoch + ", last_seq " + std::to_string(m.last_seq) + ")";
    JXC_ASSIGN(auto del, db->prepare("DELETE FROM meta WHERE key='epoch'"));
    JXC_TRY(del->run());
    JXC_ASSIGN(auto ins, db->prepare("INSERT OR REPLACE INTO meta(key,value) VALUES('restored_from',?1),"
                                     "('restored_at',?2)"));
    ins->bind_all(origin, format_iso8601(now));
    JXC_TRY(ins->run());
    JXC_TRY(db->exec("PRAGMA wal_checkpoint(TRUNCATE)"));
  }
  RestoreResult out;
  out.manifest = m;
  // The replaced store goes aside with its log, which belongs to it alone.
  if (fs::exists(target, ec)) {
    out.kept_aside = target.string() + ".replaced-" + stamp(now);
    for (const char* suffix : {"", "-wal", "-shm"}) {
      const fs::path from = target.string() + suffix;
      if (!fs::exists(from, ec)) continue;
      fs::rename(from, out.kept_aside + suffix, ec);
      if (ec) {
        cleanup();
        return error(Errc::io, "cannot move " + from.string() + " aside: " + ec.message());
      }
    }
  }
  for (const char* suffix : {"-wal", "-shm"}) remove_quietly(staged.string() + suffix);
  fs::rename(staged, target, ec);
  if (ec) return error(Errc::io, "cannot move the restored store into place: " + ec.message());
  JXC_TRY(fsync_path(target.parent_path(), true));
  return out;
}

Result<std::vector<BackupManifest>> list_backups(const std::string& dir) {
  std::vector<BackupManifest> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!name.starts_with(kPrefix) || !name.ends_with(".json")) continue;
    auto m = read_backup_manifest(e.path().string());
    if (m) out.push_back(*m);
  }
  if (ec) return error(Errc::io, "cannot list " + dir + ": " + ec.message());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.file < b.file; });
  return out;
}

Result<std::size_t> prune_backups(const std::string& dir, std::size_t keep) {
  JXC_ASSIGN(auto all, list_backups(dir));
  std::size_t removed = 0;
  for (std::size_t i = 0; i + keep < all.size(); ++i) {
    const std::string stem = all[i].file.substr(0, all[i].file.size() - 6);
    std::error_code ec;
    fs::remove(fs::path(dir) / (stem + ".json"), ec);
    fs::remove(fs::path(dir) / all[i].file, ec);
    ++removed;
  }
  return removed;
}

}  // namespace jxc::inventory
