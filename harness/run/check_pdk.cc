#include "check_pdk.h"

#include <fmt/format.h>

#include "model_deck.h"

namespace logsgd {

bool check_pdk(const Pdk& pdk, Simulator& simulator, std::FILE* out) {
  fmt::print(out, "PDK_ROOT/PDK: {}\n", pdk.dir().string());
  fmt::print(out, "ngspice init: {}\n", pdk.spinit().string());
  bool ok = true;
  for (const auto& problem : pdk.problems()) {
    fmt::print(out, "  MISSING {}\n", problem);
    ok = false;
  }
  if (!ok) return false;

  std::vector<SimRequest> requests;
  for (ModelLibrary library : {ModelLibrary::combined, ModelLibrary::binned}) {
    fmt::print(out, "{} library: {}\n", to_string(library), pdk.library_file(library).string());
    SimRequest request;
    request.job_id = to_string(library);
    request.netlist = "* check-pdk: nfet_01v8 W=1 L=1 at V_GS = 0.3 V, V_DS = 0.9 V\n";
    for (const auto& line : build_model_deck(pdk, {library, "tt", {"nfet_01v8", "pfet_01v8"}, false}))
      request.netlist += line + "\n";
    request.netlist += "Vg g 0 0.3\nVd d 0 0.9\nX1 d g 0 0 sky130_fd_pr__nfet_01v8 w=1 l=1 nf=1\n.op\n.end\n";
    request.vectors = {"i(vd)"};
    request.timeout_s = 60;
    requests.push_back(request);
  }
  simulator.run(requests, [&](std::size_t, SimResult result) {
    if (!result.ok) {
      fmt::print(out, "  {}: simulation FAILED: {}\n", result.job_id, result.error);
      ok = false;
      return;
    }
    fmt::print(out, "  {}: deck loaded in {:.0f} ms; nfet I_D(V_GS=0.3 V) = {:.6e} A\n", result.job_id,
               1e3 * result.timing.load_s, -result.vectors.at("i(vd)").real.at(0));
  });
  fmt::print(out, ok ? "PDK OK\n" : "PDK check FAILED\n");
  return ok;
}

}  // namespace logsgd
