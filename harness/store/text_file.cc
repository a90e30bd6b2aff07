#include "text_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "config_error.h"

namespace logsgd {

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(fmt::format("{}: cannot read file", path.string()));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

namespace {

[[noreturn]] void write_failed(const std::filesystem::path& path, const std::string& reason) {
  throw std::runtime_error(fmt::format("{}: cannot write file: {}", path.string(), reason));
}

// Every byte, retrying short writes and interrupted calls (a plain stream would report a full
// disk only through a state bit nobody checked).
bool write_all(int fd, const std::string& text) {
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    errno = 0;
    ssize_t written = ::write(fd, data, left);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  return true;
}

}  // namespace

void write_text_file(const std::filesystem::path& path, const std::string& text) {
  // Renaming over a device or a FIFO would replace it rather than write to it.
  struct stat existing {};
  if (::stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) write_failed(path, "not a regular file");

  // The temporary file lives beside the target: rename() is atomic only within one file system.
  std::string temporary = path.string() + ".tmp-XXXXXX";
  int fd = ::mkstemp(temporary.data());
  if (fd < 0) write_failed(path, std::strerror(errno));
  auto abandon = [&](int error) {
    if (fd >= 0) ::close(fd);
    ::unlink(temporary.c_str());
    write_failed(path, std::strerror(error));
  };
  // mkstemp creates 0600; a report is as readable as any file the user creates.
  mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd, 0666 & ~mask) != 0) abandon(errno);
  if (!write_all(fd, text)) abandon(errno ? errno : EIO);
  // A file system that allocates lazily reports a full disk only here.
  if (::fsync(fd) != 0) abandon(errno);
  int closed = ::close(fd);
  fd = -1;
  if (closed != 0) abandon(errno);
  if (::rename(temporary.c_str(), path.c_str()) != 0) abandon(errno);
}

std::string escape_markup(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') out += c;
    }
  }
  return out;
}

}  // namespace logsgd
