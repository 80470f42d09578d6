// `slaudit lsp`: the language server on stdin and stdout.
#include "cli/commands.hpp"

#include <istream>

#include "io/files.hpp"
#include "lsp/server.hpp"

namespace slaudit::cli {

int lsp_command(const command_line&, std::istream& in, std::ostream& out) {
  io::disk_reader disk;
  return lsp::serve(in, out, disk);
}

}  // namespace slaudit::cli
