# Generates tl_multiplier_dc.spice (python3 gen_template.py). tl_multiplier_dc template: one multiplier stepped through the 85 half-decade triples (I_a, I_b, I_c)
# whose ideal output lies within [0.1, 10]*I_u, as a settled staircase in a transient.
import sys, itertools
H = [-1, -0.5, 0, 0.5, 1]
pts = [p for p in itertools.product(H, H, H) if abs(p[0] + p[1] - p[2]) <= 1.001]
# order: greedy nearest neighbour from (0, 0, 0), small moves first
order = [(0, 0, 0)]; left = set(pts) - {(0, 0, 0)}
while left:
    last = order[-1]
    nxt = min(left, key=lambda p: (sum(abs(a - b) for a, b in zip(p, last)), p))
    order.append(nxt); left.remove(nxt)
jumps = [sum(abs(a - b) for a, b in zip(order[k], order[k + 1])) for k in range(len(order) - 1)]
N = len(order)
def pwl(axis):
    # value held over [k T, (k+1) T - tr], ramp over tr; corners at (k+0.8 ... 0.98) T force time points
    items = []
    for k, p in enumerate(order):
        v = p[axis]
        t0 = f"{{{k}*tdwell}}" if k else "0"
        items.append(f"{t0} {v:g}")
        for f in (0.8, 0.9, 0.92, 0.94, 0.96, 0.98):
            items.append(f"{{{k + f:g}*tdwell}} {v:g}")
        items.append(f"{{{k + 1}*tdwell - tramp}} {v:g}")
    return items
out = []
w = out.append
w(f"""* tl_multiplier DC error, as a settled staircase: one multiplier X1 is stepped through the {N}
* half-decade triples (I_a, I_b, I_c) in [0.1, 10]*I_u whose ideal output I_a*I_b/I_c also lies in
* [0.1, 10]*I_u; each is held for tdwell = {{tsettle}}/I_u seconds and measured at its end. (A .dc sweep
* of this cell does not converge reliably: Newton fails from the previous point and ngspice's
* fallbacks return false solutions; the transient settles the cell physically through its
* capacitances.) The order is a nearest-neighbour walk from (1, 1, 1): {jumps.count(0.5)} of the {N - 1} moves are
* half a decade of one current. I_x = I_u*10^v(lx) (PWL sources vla, vlb, vlc ramp in the last 1 %
* of a dwell; their extra corners at 80-98 % force time points, so that the measured values are
* refined by many Newton solves: with the default reltol a point reached in a few large steps can
* be off by 1-2 %). I_bias = I_u; the output is held at vout and read in Vo1.
* The input sources are weak-inversion pMOS outputs from vdd, I = I_x*(1 - exp(-V_SD/U_T)):
* they lose current when a node comes within a few U_T of vdd, like the mirrors that will
* drive the cell (an ideal source would let the node rise above vdd).
* Measurement-only probe nodes (B-sources, not part of the circuit):
*   id   = -I_a*I_b/I_c, the ideal output with the sign of i(vo1)
*   ws   = 1 from 95.5 % to 98.5 % of each dwell (settled, before the next ramp), else 0
*   mc   = ws and I_a, I_b, I_c and the ideal output in [0.316, 3.16]*I_u (central decade)
*   m2   = ws (two decades: every triple of the walk)
*   mu   = ws at I_a = I_b = I_c = I_u
*   err  = 100*(I_out/ideal - 1) in %, vin = max(V(a), V(b), V(c)) when mc (compliance)
* A second multiplier XP at unit inputs draws all its currents (inputs, bias and its vdd pin)
* from its own supply vddp: pw = vdd*I(vddp) is the supply power of one multiplier. A behavioural
* twin XB (the .va view) walks the same triples.
.param tdwell = {{tsettle/iu}}
.param tramp = {{0.01*tsettle/iu}}
Vdd  vdd  0 {{vdd}}""")
for axis, name in enumerate("abc"):
    items = pwl(axis)
    w(f"Vl{name}  l{name}   0 PWL(")
    for k in range(0, len(items), 6):
        w("+ " + " ".join(items[k:k + 6]))
    w("+ )")
comp = lambda x, node: f"{{iu}}*pow(10, v(l{x}))*(v(vdd) - v({node}) > 0 ? 1 - exp(-(v(vdd) - v({node}))/0.0259) : (v(vdd) - v({node}))/0.0259)"
w(f"""* the multiplier under test
Ba   vdd  a  I = {comp('a', 'a')}
Bb   vdd  b  I = {comp('b', 'b')}
Bc   vdd  c  I = {comp('c', 'c')}
Iq   vdd  vq {{iu}}
Vo1  o    0  {{vout}}
X1   a b c o vq vdd 0 tl_multiplier
* ideal, masks, error, compliance
Bid  id   0 V = -{{iu}}*pow(10, v(la) + v(lb) - v(lc))
Bws  ws   0 V = (time/{{tdwell}} - floor(time/{{tdwell}}) > 0.955 && time/{{tdwell}} - floor(time/{{tdwell}}) < 0.985) ? 1 : 0
Bmc  mc   0 V = (v(ws) > 0.5 && abs(v(la)) < 0.51 && abs(v(lb)) < 0.51 && abs(v(lc)) < 0.51 && abs(v(la) + v(lb) - v(lc)) < 0.51) ? 1 : 0
Bm2  m2   0 V = v(ws)
Bmu  mu   0 V = (v(ws) > 0.5 && abs(v(la)) < 0.01 && abs(v(lb)) < 0.01 && abs(v(lc)) < 0.01) ? 1 : 0
Berr err  0 V = 100*(i(vo1)/v(id) - 1)
Bvin vin  0 V = v(mc) > 0.5 ? max(max(v(a), v(b)), v(c)) : 0
* power: one multiplier at unit inputs, all its currents from vddp
Vddp vddp 0 {{vdd}}
Iap  vddp ap {{iu}}
Ibp  vddp bp {{iu}}
Icp  vddp cp {{iu}}
Iqp  vddp qp {{iu}}
Vop  op   0  {{vout}}
XP   ap bp cp op qp vddp 0 tl_multiplier
Bpw  pw   0 V = -{{vdd}}*i(vddp)
* behavioural view on the same walk
Bab  vdd  ab I = {{iu}}*pow(10, v(la))
Bbb  vdd  bb I = {{iu}}*pow(10, v(lb))
Bcb  vdd  cb I = {{iu}}*pow(10, v(lc))
Iqb  vdd  qb {{iu}}
Vob  ob   0  {{vout}}
XB   ab bb cb ob qb vdd 0 tl_multiplier_behavioural""")
open(sys.argv[1] if len(sys.argv) > 1 else __file__.replace("gen_template.py", "tl_multiplier_dc.spice"), "w").write("\n".join(out) + "\n")
print(N, "triples; stop >=", N, "* tdwell", file=sys.stderr)
