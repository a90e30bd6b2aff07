#include "sim_protocol.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include "result_store.h"

using namespace logsgd;

TEST_CASE("a result's calibrated trims survive the pipe and the store") {
  SimResult result;
  result.job_id = "tb/tt";
  result.ok = true;
  result.trims = {{"itrim1", 1.49e-12, 1.46e-12, false}, {"itrimb", 3e-9, 5e-10, true}};
  SimResult back = decode_result(encode_result(result));
  REQUIRE(back.trims.size() == 2);
  CHECK(back.trims[0].source == "itrim1");
  CHECK(back.trims[0].wanted == doctest::Approx(1.49e-12));
  CHECK(back.trims[0].applied == doctest::Approx(1.46e-12));
  CHECK_FALSE(back.trims[0].saturated);
  CHECK(back.trims[1].saturated);
}

TEST_CASE("a request's calibration reaches the worker whole") {
  SimRequest request;
  request.job_id = "tb/tt";
  request.netlist = "* deck\n";
  request.calibration.trims = {{"itrim1", "i(vsrv1)"}, {"iqt1", "i(vsrv1)"}};
  request.calibration.full_scale = 1e-9;
  request.calibration.trim_full_scales = {{"iqt1", 1e-8}};
  request.calibration.bits = 12;
  request.calibration.points = {{CalibrationState{1, {{"vcalw", 0.5}}}}, {CalibrationState{0.5, {{"vcalw", 1.5}}}}};
  request.calibration.servo_limit = 1e-9;
  request.calibration.servo_targets = {{"@m.x1.m0[id]", 1e-8}};
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  write_request(fds[1], request);
  close(fds[1]);
  std::optional<SimRequest> back = read_request(fds[0]);
  close(fds[0]);
  REQUIRE(back.has_value());
  CHECK(back->calibration.trims == request.calibration.trims);
  CHECK(back->calibration.full_scale_of("iqt1") == doctest::Approx(1e-8));
  CHECK(back->calibration.bits == 12);
  REQUIRE(back->calibration.points.size() == 2);
  CHECK(back->calibration.points[1][0].weight == 0.5);
  CHECK(back->calibration.points[1][0].sources.at("vcalw") == 1.5);
  CHECK(back->calibration.servo_limit == 1e-9);
  CHECK(back->calibration.deviation("@m.x1.m0[id]", 1.5e-8) == doctest::Approx(0.5e-8));
  CHECK(back->calibration.deviation("i(vsrv1)", 2e-12) == 2e-12);  // no target: nulled to 0
}

TEST_CASE("a calibration changes a job's input hash and requests without one hash as before") {
  SimRequest request;
  request.job_id = "tb/tt";
  request.netlist = "* deck\n";
  const std::string plain = request_hash(request);
  request.calibration.trims = {{"itrim1", "i(vsrv1)"}};
  request.calibration.full_scale = 1e-9;
  request.calibration.bits = 12;
  const std::string calibrated = request_hash(request);
  CHECK(calibrated != plain);
  request.calibration.bits = 10;
  const std::string fewer_bits = request_hash(request);
  CHECK(fewer_bits != calibrated);
  request.calibration.points = {{CalibrationState{1, {{"vcalw", 0.5}}}}, {CalibrationState{1, {{"vcalw", 1.5}}}}};
  const std::string two_point = request_hash(request);
  CHECK(two_point != fewer_bits);
  request.calibration.points[1][0].weight = 0.5;   // a resumed run must not reuse trims set with other weights
  CHECK(request_hash(request) != two_point);
  request.calibration.points[1][0].weight = 1;
  request.calibration.trim_full_scales = {{"itrim1", 1e-8}};
  CHECK(request_hash(request) != two_point);
  CHECK(request.calibration.full_scale_of("itrim1") == doctest::Approx(1e-8));
  CHECK(request.calibration.full_scale_of("itrim2") == doctest::Approx(1e-9));
  const std::string own_ranges = request_hash(request);
  request.calibration.servo_limit = 1e-9;   // a limit may re-solve a state: other trims
  CHECK(request_hash(request) != own_ranges);
  request.calibration = {};
  CHECK(request_hash(request) == plain);
}
