#include "sim_protocol.h"

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <system_error>

namespace logsgd {

using nlohmann::json;

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CalibrationState, weight, sources)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LearnedWeightsCalibrationRequest::Weight, read, target, servo, trim)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LearnedWeightsCalibrationRequest, mode, weights, read_from, read_to, average_from,
                                   average_to, step, max_step)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LearningSensitivityRequest, learn_states, rest_state, servos, targets, readouts, initial,
                                   vth_sigma_um, device_prefixes, probe_states, probe_vector, probe_coefficients, probe_constants)

namespace {

void write_all(int fd, const std::uint8_t* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::system_error(errno, std::generic_category(), "writing to pipe");
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

// false at a clean end of input before any byte; throws on a truncated frame.
bool read_all(int fd, std::uint8_t* data, std::size_t size) {
  std::size_t got = 0;
  while (got < size) {
    ssize_t n = ::read(fd, data + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::system_error(errno, std::generic_category(), "reading from pipe");
    if (n == 0) {
      if (got == 0) return false;
      throw std::runtime_error("pipe closed in the middle of a message");
    }
    got += static_cast<std::size_t>(n);
  }
  return true;
}

void write_frame(int fd, const json& message) {
  std::vector<std::uint8_t> body = json::to_cbor(message);
  std::uint32_t size = static_cast<std::uint32_t>(body.size());
  std::uint8_t header[4] = {static_cast<std::uint8_t>(size), static_cast<std::uint8_t>(size >> 8),
                            static_cast<std::uint8_t>(size >> 16), static_cast<std::uint8_t>(size >> 24)};
  write_all(fd, header, 4);
  write_all(fd, body.data(), body.size());
}

std::optional<json> read_frame(int fd) {
  std::uint8_t header[4];
  if (!read_all(fd, header, 4)) return std::nullopt;
  std::uint32_t size = header[0] | (header[1] << 8) | (header[2] << 16) | (static_cast<std::uint32_t>(header[3]) << 24);
  std::vector<std::uint8_t> body(size);
  if (size > 0 && !read_all(fd, body.data(), size)) throw std::runtime_error("pipe closed before message body");
  return json::from_cbor(body);
}

}  // namespace

static json request_json(const SimRequest& r) {
  json j{{"job_id", r.job_id}, {"netlist", r.netlist}, {"parameters", r.parameters},
         {"temperature_c", r.temperature_c}, {"seed", r.seed}, {"vectors", r.vectors}, {"timeout_s", r.timeout_s},
         {"osdi_libraries", r.osdi_libraries}, {"operating_point", r.operating_point}};
  // Only when asked for: requests without it encode (and hash) as before.
  if (r.cold_dc_solves) j["cold_dc_solves"] = true;
  if (r.mismatch_sensitivity.enabled())
    j["mismatch_sensitivity"] = {{"outputs", r.mismatch_sensitivity.outputs},
                                 {"vth_sigma_um", r.mismatch_sensitivity.vth_sigma_um}};
  if (r.learning_sensitivity.enabled()) j["learning_sensitivity"] = r.learning_sensitivity;
  if (r.calibration.enabled())
    j["calibration"] = {{"trims", r.calibration.trims},
                        {"full_scale", r.calibration.full_scale}, {"bits", r.calibration.bits}};
  if (!r.calibration.points.empty()) j["calibration"]["points"] = r.calibration.points;
  if (!r.calibration.trim_full_scales.empty()) j["calibration"]["trim_full_scales"] = r.calibration.trim_full_scales;
  if (!r.calibration.trim_bits.empty()) j["calibration"]["trim_bits"] = r.calibration.trim_bits;
  if (r.calibration.servo_limit > 0) j["calibration"]["servo_limit"] = r.calibration.servo_limit;
  if (!r.calibration.servo_targets.empty()) j["calibration"]["servo_targets"] = r.calibration.servo_targets;
  if (!r.calibration.trim_points.empty()) j["calibration"]["trim_points"] = r.calibration.trim_points;
  if (r.calibration.from_decisions()) j["calibration"]["rulers"] = r.calibration.rulers;
  if (!r.calibration.registers.empty()) j["calibration"]["registers"] = r.calibration.registers;
  if (r.learned_weights_calibration.enabled()) j["learned_weights_calibration"] = r.learned_weights_calibration;
  return j;
}

static json result_json(const SimResult& r) {
  json vectors = json::object();
  for (const auto& [name, v] : r.vectors) vectors[name] = json{{"re", v.real}, {"im", v.imag}};
  json devices = json::array();
  for (const auto& d : r.devices)
    devices.push_back({d.name, d.model, d.w, d.l, d.id, d.vgs, d.vds, d.vth, d.vdsat, d.gm, d.m});
  json j{{"job_id", r.job_id}, {"ok", r.ok}, {"error", r.error}, {"vectors", vectors}, {"devices", devices},
         {"load_s", r.timing.load_s}, {"setup_s", r.timing.setup_s}, {"run_s", r.timing.run_s},
         {"reused_deck", r.reused_deck}, {"worker_exits", r.worker_exits}, {"log_tail", r.log_tail}};
  if (!r.mismatch_contributions.empty()) {
    json contributions = json::array();
    for (const auto& c : r.mismatch_contributions) contributions.push_back({c.device, c.w, c.l, c.sigma_vth, c.deltas});
    j["sensitivity_base"] = r.sensitivity_base;
    j["mismatch_contributions"] = contributions;
  }
  if (!r.trims.empty()) {
    json trims = json::array();
    for (const auto& t : r.trims) trims.push_back({t.source, t.wanted, t.applied, t.saturated, t.residual});
    j["trims"] = trims;
  }
  if (r.calibration_decisions > 0) j["calibration_decisions"] = r.calibration_decisions;
  if (r.timing.calibration_s > 0) j["calibration_s"] = r.timing.calibration_s;
  if (r.timing.dc_solves > 0) j["dc_solves"] = {r.timing.dc_solves, r.timing.dc_rebuilds};
  if (!r.first_pass_weights.empty()) {
    j["first_pass_s"] = r.timing.first_pass_s;
    j["clocked_s"] = r.timing.clocked_s;
    j["first_pass_weights"] = r.first_pass_weights;
    j["learned_point_servo"] = r.learned_point_servo;
  }
  return j;
}

static SimResult result_from(const json& m) {
  SimResult r;
  m.at("job_id").get_to(r.job_id);
  m.at("ok").get_to(r.ok);
  m.at("error").get_to(r.error);
  for (const auto& [name, v] : m.at("vectors").items()) {
    v.at("re").get_to(r.vectors[name].real);
    v.at("im").get_to(r.vectors[name].imag);
  }
  for (const auto& d : m.at("devices"))
    r.devices.push_back({d.at(0), d.at(1), d.at(2), d.at(3), d.at(4), d.at(5), d.at(6), d.at(7), d.at(8), d.at(9),
                         d.size() > 10 ? d.at(10).get<double>() : 1.0});
  m.at("load_s").get_to(r.timing.load_s);
  m.at("setup_s").get_to(r.timing.setup_s);
  m.at("run_s").get_to(r.timing.run_s);
  m.at("reused_deck").get_to(r.reused_deck);
  m.at("worker_exits").get_to(r.worker_exits);
  m.at("log_tail").get_to(r.log_tail);
  if (m.contains("mismatch_contributions")) {  // results stored before the analysis existed lack it
    m.at("sensitivity_base").get_to(r.sensitivity_base);
    for (const auto& c : m.at("mismatch_contributions"))
      r.mismatch_contributions.push_back({c.at(0), c.at(1), c.at(2), c.at(3), c.at(4).get<std::vector<double>>()});
  }
  if (m.contains("trims"))
    for (const auto& t : m.at("trims"))  // results stored before the residual was measured have 4 fields
      r.trims.push_back({t.at(0), t.at(1), t.at(2), t.at(3), t.size() > 4 ? t.at(4).get<double>() : 0.0});
  if (m.contains("calibration_decisions")) m.at("calibration_decisions").get_to(r.calibration_decisions);
  if (m.contains("calibration_s")) m.at("calibration_s").get_to(r.timing.calibration_s);
  if (m.contains("dc_solves")) {
    m.at("dc_solves").at(0).get_to(r.timing.dc_solves);
    m.at("dc_solves").at(1).get_to(r.timing.dc_rebuilds);
  }
  if (m.contains("first_pass_weights")) {
    m.at("first_pass_s").get_to(r.timing.first_pass_s);
    m.at("clocked_s").get_to(r.timing.clocked_s);
    m.at("first_pass_weights").get_to(r.first_pass_weights);
    m.at("learned_point_servo").get_to(r.learned_point_servo);
  }
  return r;
}

std::vector<std::uint8_t> encode_request(const SimRequest& request) { return json::to_cbor(request_json(request)); }
std::vector<std::uint8_t> encode_result(const SimResult& result) { return json::to_cbor(result_json(result)); }
SimResult decode_result(const std::vector<std::uint8_t>& bytes) { return result_from(json::from_cbor(bytes)); }

void write_request(int fd, const SimRequest& r) { write_frame(fd, request_json(r)); }

std::optional<SimRequest> read_request(int fd) {
  auto message = read_frame(fd);
  if (!message) return std::nullopt;
  SimRequest r;
  const json& m = *message;
  m.at("job_id").get_to(r.job_id);
  m.at("netlist").get_to(r.netlist);
  m.at("parameters").get_to(r.parameters);
  m.at("temperature_c").get_to(r.temperature_c);
  m.at("seed").get_to(r.seed);
  m.at("vectors").get_to(r.vectors);
  m.at("timeout_s").get_to(r.timeout_s);
  m.at("osdi_libraries").get_to(r.osdi_libraries);
  m.at("operating_point").get_to(r.operating_point);
  if (m.contains("cold_dc_solves")) m.at("cold_dc_solves").get_to(r.cold_dc_solves);
  if (m.contains("mismatch_sensitivity")) {
    m.at("mismatch_sensitivity").at("outputs").get_to(r.mismatch_sensitivity.outputs);
    m.at("mismatch_sensitivity").at("vth_sigma_um").get_to(r.mismatch_sensitivity.vth_sigma_um);
  }
  if (m.contains("learning_sensitivity")) m.at("learning_sensitivity").get_to(r.learning_sensitivity);
  if (m.contains("calibration")) {
    const json& c = m.at("calibration");
    c.at("trims").get_to(r.calibration.trims);
    c.at("full_scale").get_to(r.calibration.full_scale);
    c.at("bits").get_to(r.calibration.bits);
    if (c.contains("points")) c.at("points").get_to(r.calibration.points);
    if (c.contains("trim_full_scales")) c.at("trim_full_scales").get_to(r.calibration.trim_full_scales);
    if (c.contains("trim_bits")) c.at("trim_bits").get_to(r.calibration.trim_bits);
    if (c.contains("servo_limit")) c.at("servo_limit").get_to(r.calibration.servo_limit);
    if (c.contains("servo_targets")) c.at("servo_targets").get_to(r.calibration.servo_targets);
    if (c.contains("trim_points")) c.at("trim_points").get_to(r.calibration.trim_points);
    if (c.contains("rulers")) c.at("rulers").get_to(r.calibration.rulers);
    if (c.contains("registers")) c.at("registers").get_to(r.calibration.registers);
  }
  if (m.contains("learned_weights_calibration")) m.at("learned_weights_calibration").get_to(r.learned_weights_calibration);
  return r;
}

void write_result(int fd, const SimResult& r) { write_frame(fd, result_json(r)); }

std::optional<SimResult> read_result(int fd) {
  auto message = read_frame(fd);
  if (!message) return std::nullopt;
  return result_from(*message);
}

}  // namespace logsgd
