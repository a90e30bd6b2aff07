// JUnit XML for CI servers: a run is one <testsuite> (one testcase per spec x job and per
// aggregate check; the provenance as <properties>), a suite of runs is a <testsuites> holding
// one <testsuite> per entry. A check with no pass/fail limit (status info) is a testcase marked
// <skipped message="info: ..."> with the property logsgd.status=info: CI shows it as neither
// passed nor failed, and the value is still in its <system-out>.
#pragma once
#include <string>
#include <vector>

#include "run_result.h"

namespace logsgd {

struct JunitSuite {
  std::string xml;  // the <testsuite> element, indented for inclusion in <testsuites>
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double time_s = 0;
};

// `name` is the testsuite's name (a run: its testbench; a suite entry: the entry's name).
JunitSuite junit_testsuite(const RunResult& run, const std::string& name);

// A testsuite for an entry that produced no result at all (bad input, folder in use): one
// testcase in error with the message.
JunitSuite junit_error_suite(const std::string& name, const std::string& message);

// The whole file: <?xml?> and <testsuites> with the totals.
std::string junit_document(const std::string& name, const std::vector<JunitSuite>& suites);

}  // namespace logsgd
