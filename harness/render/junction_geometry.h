// Junction geometry of the cells' MOSFETs. The sky130 device subcircuits default to ad = as = pd =
// ps = 0, i.e. no drain or source junction at all: no junction capacitance and no junction leakage.
// A laid-out transistor has both, so every MOSFET of a cell gets them from one layout rule, the
// one the PDK's schematic symbols (xschem's sky130 library) use: a diffusion of 0.29 um beyond the
// gate on each side (contact plus its enclosure), fingers sharing their inner diffusions:
//   ad = floor((nf+1)/2) * (w/nf) * 0.29      pd = 2 * floor((nf+1)/2) * (w/nf + 0.29)
//   as = floor((nf+2)/2) * (w/nf) * 0.29      ps = 2 * floor((nf+2)/2) * (w/nf + 0.29)
// in um and um^2 (the PDK's decks run at `.option scale=1.0u`). An instance that sets any of ad,
// as, pd, ps itself keeps what it sets and gets none of the rule's. The symbols' nrd/nrs (the
// diffusions' resistance, 0.29/w squares, some 30 ohm) are left out: at the cells' nA currents
// they drop under 1 nV.
#pragma once
#include "spice_source.h"

namespace logsgd {

// `cell` with the rule's ad/as/pd/ps appended to every X line that instantiates a sky130 MOSFET
// (sky130_fd_pr__nfet_* / __pfet_*), line for line: a line's file:line origin does not change.
// w and nf are taken from the line as written (numbers or {expressions} of the cell's parameters;
// nf defaults to 1). Throws ConfigError at the line's file:line when a MOSFET line has no w.
SpiceSource with_junction_geometry(const SpiceSource& cell);

}  // namespace logsgd
