#include "reports/font_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace slaudit::reports {
namespace {

std::uint32_t be32(std::string_view s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}
std::uint16_t be16(std::string_view s, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(s[at]) << 8 | static_cast<unsigned char>(s[at + 1]));
}
void put32(std::string& s, std::size_t at, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) s[at + static_cast<std::size_t>(k)] = static_cast<char>(v >> (24 - 8 * k));
}
void append32(std::string& s, std::uint32_t v) {
  s.resize(s.size() + 4);
  put32(s, s.size() - 4, v);
}
std::uint32_t checksum(std::string_view s) {
  std::uint32_t sum = 0;
  for (std::size_t k = 0; k < s.size(); k += 4) {
    std::uint32_t word = 0;
    for (std::size_t b = 0; b < 4; ++b)
      word = word << 8 | (k + b < s.size() ? static_cast<unsigned char>(s[k + b]) : 0u);
    sum += word;
  }
  return sum;
}

}  // namespace

std::optional<std::string> read_font_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<std::string> truetype_face(std::string_view c, unsigned index, std::string& why) {
  if (c.size() < 12) {
    why = "too short for a font";
    return std::nullopt;
  }
  std::size_t dir = 0;
  if (c.substr(0, 4) == "ttcf") {
    std::uint32_t faces = be32(c, 8);
    if (index >= faces || 12 + 4 * static_cast<std::size_t>(faces) > c.size()) {
      why = "the collection has no face " + std::to_string(index);
      return std::nullopt;
    }
    dir = be32(c, 12 + 4 * index);
  } else if (be32(c, 0) != 0x00010000 && c.substr(0, 4) != "true") {
    why = "not a TrueType font or collection (CFF-based fonts cannot be subset)";
    return std::nullopt;
  }
  if (dir + 12 > c.size()) {
    why = "the table directory lies outside the file";
    return std::nullopt;
  }
  std::uint16_t tables = be16(c, dir + 4);
  if (dir + 12 + 16 * static_cast<std::size_t>(tables) > c.size()) {
    why = "the table directory lies outside the file";
    return std::nullopt;
  }
  struct table {
    std::uint32_t tag, sum, offset, length;
  };
  std::vector<table> list;
  for (std::uint16_t k = 0; k < tables; ++k) {
    std::size_t at = dir + 12 + 16 * static_cast<std::size_t>(k);
    table t{be32(c, at), be32(c, at + 4), be32(c, at + 8), be32(c, at + 12)};
    if (static_cast<std::size_t>(t.offset) + t.length > c.size()) {
      why = "a table lies outside the file";
      return std::nullopt;
    }
    list.push_back(t);
  }
  // The offset table as it was, then the records with the tables' new places.
  std::string out(c.substr(dir, 12));
  std::size_t data = 12 + 16 * static_cast<std::size_t>(tables);
  std::string body;
  std::size_t head_at = std::string::npos;
  for (auto& t : list) {
    std::size_t offset = data + body.size();
    append32(out, t.tag);
    append32(out, t.sum);
    append32(out, static_cast<std::uint32_t>(offset));
    append32(out, t.length);
    if (t.tag == 0x68656164) head_at = offset;  // 'head'
    body.append(c.substr(t.offset, t.length));
    body.append((4 - body.size() % 4) % 4, '\0');
  }
  out += body;
  if (head_at != std::string::npos && head_at + 12 <= out.size()) {
    put32(out, head_at + 8, 0);  // checkSumAdjustment over the new file
    put32(out, head_at + 8, 0xB1B0AFBAu - checksum(out));
  }
  return out;
}

std::optional<std::string> report_font_path(std::string& why) {
  namespace fs = std::filesystem;
  std::string source = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
  if (const char* env = std::getenv("SLAUDIT_FONT"); env && *env) source = env;
  auto bytes = read_font_file(source);
  if (!bytes) {
    why = source + ": cannot read the report font (install fonts-wqy-microhei, or set SLAUDIT_FONT to a TrueType file)";
    return std::nullopt;
  }
  if (bytes->substr(0, 4) != "ttcf") {  // a plain .ttf is used as it is, once it is one
    if (bytes->size() < 12 || (be32(*bytes, 0) != 0x00010000 && bytes->substr(0, 4) != "true")) {
      why = source + ": not a TrueType font (.ttf) or collection (.ttc); CFF-based fonts (.otf) cannot be subset";
      return std::nullopt;
    }
    return source;
  }
  auto face = truetype_face(*bytes, 0, why);
  if (!face) {
    why = source + ": " + why;
    return std::nullopt;
  }
  // Named by the face's size and checksum: a changed font package gets a new file.
  fs::path cache;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) cache = fs::path(x) / "slaudit";
  else if (const char* h = std::getenv("HOME"); h && *h) cache = fs::path(h) / ".cache" / "slaudit";
  else cache = fs::temp_directory_path() / ("slaudit-" + std::to_string(::geteuid()));
  std::error_code ec;
  if (cache.parent_path() == fs::temp_directory_path(ec)) ::mkdir(cache.c_str(), 0700);  // shared: private
  fs::create_directories(cache, ec);
  if (ec) {
    cache = fs::temp_directory_path() / ("slaudit-" + std::to_string(::geteuid()));
    ::mkdir(cache.c_str(), 0700);
  }
  // A cache folder another user owns or may write in could swap the font between its check
  // and PoDoFo's reading it by name: not used.
  struct stat st {};
  if (::lstat(cache.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & S_IWOTH)) {
    why = cache.string() + ": the font cache folder is not this user's alone (a link, another owner, or writable by "
                           "others); set XDG_CACHE_HOME to a folder of your own";
    return std::nullopt;
  }
  fs::path path = cache / ("font-" + std::to_string(face->size()) + "-" + std::to_string(checksum(*face)) + ".ttf");
  if (auto existing = read_font_file(path.string()); existing && *existing == *face) return path.string();
  // A new file of a random name (mkstemp: O_CREAT|O_EXCL), so that nothing planted in a
  // shared cache folder can redirect the write.
  std::string tmp_name = path.string() + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp_name.data());
  if (fd < 0) {
    why = path.string() + ": cannot write the extracted font: " + std::strerror(errno);
    return std::nullopt;
  }
  fs::path tmp = tmp_name;
  std::size_t done = 0;
  while (done < face->size()) {
    ssize_t n = ::write(fd, face->data() + done, face->size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0 || done != face->size()) {
    why = tmp.string() + ": cannot write the extracted font";
    fs::remove(tmp, ec);
    return std::nullopt;
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    why = path.string() + ": " + ec.message();
    fs::remove(tmp, ec);
    return std::nullopt;
  }
  return path.string();
}

}  // namespace slaudit::reports
