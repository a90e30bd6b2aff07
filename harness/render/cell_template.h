// Cell templates: one .subckt in a cell's netlist defines a subcircuit for every size N (the
// N-feature trainer, sgdr_trainer_n<N>), and the render stage writes it out as plain SPICE once for
// each N the deck instantiates: an X line naming sgdr_trainer_n4 asks for N = 4.
//
// The syntax, read only between a template's `.subckt` and its `.ends`:
//   .subckt name<N> ...      a template: its name holds <N> once, where an instance writes N's digits
//   <N>  <N+k>  <N-k>        the size, k a whole number (`k=<N+1>`)
//   *@repeat i A..B          the lines up to `*@end` are written once for each i = A .. B in order;
//   <i>  <i+k>  <i-k>        A and B are whole numbers or N, N+k, N-k; the block's index is <i>
//   *@end                    (blocks do not nest; a port list repeats as `+` continuation lines)
// Angle brackets around a capital N or a small i appear in no SPICE name or number, so `{iu}`
// expressions and the rest of the file pass through untouched; the directives are SPICE comments
// (`*@`), so the template still reads as a netlist. The expansion drops the directives, marks each
// copy with a comment line, and keeps, for every line it writes, the template line it came from.
#pragma once
#include <vector>

#include "spice_source.h"

namespace logsgd {

// `cell` with each template subcircuit replaced by its expansion for every size that an X line of
// `users` instantiates (in increasing N; none: a comment line saying so), read from their lines as
// written (a template that instantiates another template is not followed). Lines outside templates
// are copied unchanged. Throws ConfigError at the template's file:line for malformed template input
// (unbalanced or nested *@repeat/*@end, <i> outside a repeat block, a marker outside a template, a
// template name without <N>, no .ends), and at the instance's file:line for a size that is not a
// positive whole number without leading zeros.
SpiceSource expand_cell_templates(const SpiceSource& cell, const std::vector<SpiceSource>& users);

}  // namespace logsgd
