// A contract's id read from the head of its file without parsing the rest: what the batch's
// plan needs of every contract before any is run (duplicate ids, history folders), so that
// each contract is parsed once, by the worker that runs it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace slaudit::grammar {

/// The id of `contract "<id>"` when the file starts (after a byte order mark, blanks, line
/// breaks, ';', comments and the `sla <version>` line) with it and the id is written without
/// escapes: then it is the id the parser reads. Nothing otherwise (the caller parses the file
/// to know). A file that scans may still fail to parse: the scan checks nothing else.
std::optional<std::string> scan_contract_id(std::string_view text);

}  // namespace slaudit::grammar
