// Framing of requests and results on the pipes between parent and worker: a 4-byte length,
// then CBOR (binary, doubles exact, so the parent sees bit-identical numbers).
#pragma once
#include <cstdint>
#include <cstdio>
#include <vector>
#include <optional>

#include "sim_job.h"

namespace logsgd {

// The same encoding, for storing results (result_store.h) and hashing requests.
std::vector<std::uint8_t> encode_request(const SimRequest& request);
std::vector<std::uint8_t> encode_result(const SimResult& result);
SimResult decode_result(const std::vector<std::uint8_t>& bytes);

void write_request(int fd, const SimRequest& request);
std::optional<SimRequest> read_request(int fd);  // nullopt at end of input
void write_result(int fd, const SimResult& result);
std::optional<SimResult> read_result(int fd);    // nullopt at end of input (worker gone)

}  // namespace logsgd
