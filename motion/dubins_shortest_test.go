package motion

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// solveAll is the word solver as it was before shortest learnt to skip
// words, kept verbatim as the oracle for solve and shortest.
func solveAll(pr *dubinsProblem, w Word) (t, p, q float64, ok bool) {
	a, b, d := pr.alpha, pr.beta, pr.d
	sa, ca, sb, cb, cab := pr.sa, pr.ca, pr.sb, pr.cb, pr.cab
	switch w {
	case LSL:
		x, y := d+sa-sb, cb-ca
		p = math.Hypot(x, y)
		if p < sameCircle {
			return 0, 0, arc(b - a), true
		}
		phi := math.Atan2(y, x)
		return arc(phi - a), p, arc(b - phi), true
	case RSR:
		x, y := d-sa+sb, ca-cb
		p = math.Hypot(x, y)
		if p < sameCircle {
			return 0, 0, arc(a - b), true
		}
		phi := math.Atan2(y, x)
		return arc(a - phi), p, arc(phi - b), true
	case LSR:
		x, y := d+sa+sb, ca+cb
		p2 := x*x + y*y - 4
		if p2 < 0 {
			return 0, 0, 0, false
		}
		p = math.Sqrt(p2)
		phi := math.Atan2(-y, x) - math.Atan2(-2, p)
		return arc(phi - a), p, arc(phi - b), true
	case RSL:
		x, y := d-sa-sb, ca+cb
		p2 := x*x + y*y - 4
		if p2 < 0 {
			return 0, 0, 0, false
		}
		p = math.Sqrt(p2)
		phi := math.Atan2(y, x) - math.Atan2(2, p)
		return arc(a - phi), p, arc(b - phi), true
	case RLR:
		c := (6 - d*d + 2*cab + 2*d*(sa-sb)) / 8
		if math.Abs(c) > 1 {
			return 0, 0, 0, false
		}
		p = twoPi - math.Acos(c)
		t = arc(a - math.Atan2(ca-cb, d-sa+sb) + p/2)
		return t, p, arc(a - b - t + p), true
	case LRL:
		c := (6 - d*d + 2*cab + 2*d*(sb-sa)) / 8
		if math.Abs(c) > 1 {
			return 0, 0, 0, false
		}
		p = twoPi - math.Acos(c)
		t = arc(-a - math.Atan2(ca-cb, d+sa-sb) + p/2)
		return t, p, arc(b - a - t + p), true
	}
	return 0, 0, 0, false
}

// shortestAll is the old chooser: solve all six words in order and keep a
// strictly shorter one.
func shortestAll(pr *dubinsProblem) (best Word, seg [3]float64, ok bool) {
	bestLen := math.Inf(1)
	for w := LSL; w <= LRL; w++ {
		t, p, q, wok := solveAll(pr, w)
		if !wok {
			continue
		}
		if l := t + p + q; l < bestLen {
			bestLen, best, seg, ok = l, w, [3]float64{t, p, q}, true
		}
	}
	return best, seg, ok
}

// mod2piFloor is mod2pi before its fast paths: the oracle.
func mod2piFloor(x float64) float64 {
	x -= twoPi * math.Floor(x/twoPi)
	if x >= twoPi {
		return 0
	}
	return x
}

// TestMod2piMatchesFloor walks every float within a few hundred thousand ulps
// of the ends of mod2pi's fast ranges, where the quotient x/2π might round to
// another integer, and checks each result bit for bit against the oracle;
// rapid covers the rest of the line.
func TestMod2piMatchesFloor(t *testing.T) {
	const walk = 200000
	for _, edge := range []float64{0, twoPi, -twoPi, 2 * twoPi, -0x1p-1000, 0x1p-1000, math.Pi, -math.Pi, 3 * math.Pi} {
		if got, want := mod2pi(edge), mod2piFloor(edge); !sameBits(got, want) {
			t.Fatalf("mod2pi(%v) = %v, want %v", edge, got, want)
		}
		lo, hi := edge, edge
		for range walk {
			lo, hi = math.Nextafter(lo, math.Inf(-1)), math.Nextafter(hi, math.Inf(1))
			for _, x := range [2]float64{lo, hi} {
				if got, want := mod2pi(x), mod2piFloor(x); !sameBits(got, want) {
					t.Fatalf("mod2pi(%v) = %v, want %v", x, got, want)
				}
			}
		}
	}
	for _, x := range []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1e300, -1e300, 0x1p-1074, -0x1p-1074} {
		if got, want := mod2pi(x), mod2piFloor(x); !sameBits(got, want) {
			t.Errorf("mod2pi(%v) = %v, want %v", x, got, want)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		x := rapid.OneOf(rapid.Float64Range(-5*math.Pi, 5*math.Pi), rapid.Float64()).Draw(t, "x")
		if got, want := mod2pi(x), mod2piFloor(x); !sameBits(got, want) {
			t.Fatalf("mod2pi(%v) = %v, want %v", x, got, want)
		}
	})
}

// genDubinsCase draws a start/goal offset and headings, often degenerate:
// the same point (with the same, opposite or any heading), exactly 4 turn
// radii apart, headings along or against the line joining them, headings on
// the axes, goals a hair away, and distances where the CCC words exist.
func genDubinsCase(t *rapid.T) (dx, dy, h0, h1, radius float64) {
	radius = rapid.SampledFrom([]float64{1, 100, 37.5, 1e-3, 1e4}).Draw(t, "radius")
	heading := rapid.OneOf(
		rapid.Float64Range(-4*math.Pi, 4*math.Pi),
		rapid.Map(rapid.IntRange(-8, 8), func(k int) float64 { return float64(k) * math.Pi / 2 }),
	)
	h0 = heading.Draw(t, "h0")
	h1 = heading.Draw(t, "h1")
	switch rapid.IntRange(0, 7).Draw(t, "kind") {
	case 0: // anywhere
		dx = rapid.Float64Range(-20, 20).Draw(t, "dx") * radius
		dy = rapid.Float64Range(-20, 20).Draw(t, "dy") * radius
	case 1: // the same point
		h1 = rapid.SampledFrom([]float64{h0, h0 + math.Pi, h0 - math.Pi, h1}).Draw(t, "h1same")
	case 2: // exactly 4r apart along an axis
		dx, dy = rapid.SampledFrom([][2]float64{{4, 0}, {-4, 0}, {0, 4}, {0, -4}}).Draw(t, "axis4")[0]*radius, 0
		if rapid.Bool().Draw(t, "swap") {
			dx, dy = dy, dx
		}
	case 3: // collinear: headings along or against the bearing
		th := rapid.Float64Range(-math.Pi, math.Pi).Draw(t, "bearing")
		r := rapid.Float64Range(0, 20).Draw(t, "dist") * radius
		dx, dy = r*math.Cos(th), r*math.Sin(th)
		h0 = th + rapid.SampledFrom([]float64{0, math.Pi}).Draw(t, "dir0")
		h1 = th + rapid.SampledFrom([]float64{0, math.Pi}).Draw(t, "dir1")
	case 4: // near 4r, where CCC words appear and vanish
		th := rapid.Float64Range(-math.Pi, math.Pi).Draw(t, "bearing")
		r := (4 + rapid.Float64Range(-1e-6, 1e-6).Draw(t, "eps")) * radius
		dx, dy = r*math.Cos(th), r*math.Sin(th)
	case 5: // a hair away
		dx = rapid.Float64Range(-1e-9, 1e-9).Draw(t, "tinyx") * radius
		dy = rapid.Float64Range(-1e-9, 1e-9).Draw(t, "tinyy") * radius
	case 6: // the CCC range
		dx = rapid.Float64Range(-6, 6).Draw(t, "dx6") * radius
		dy = rapid.Float64Range(-6, 6).Draw(t, "dy6") * radius
	case 7: // far
		dx = rapid.Float64Range(-1e6, 1e6).Draw(t, "dxfar")
		dy = rapid.Float64Range(-1e6, 1e6).Draw(t, "dyfar")
	}
	return dx, dy, h0, h1, radius
}

// TestShortestMatchesSolvingAll checks that shortest picks the word the old
// all-six chooser picks, with the same bits for every segment, and that the
// refactored solve still gives the oracle's bits for every word.
func TestShortestMatchesSolvingAll(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		dx, dy, h0, h1, radius := genDubinsCase(t)
		pr := newDubinsProblem(dx, dy, h0, h1, radius)
		wantW, wantSeg, wantOK := shortestAll(&pr)
		gotW, gotSeg, gotOK := pr.shortest()
		if gotOK != wantOK || gotW != wantW || !sameSlice(gotSeg[:], wantSeg[:]) {
			t.Fatalf("d=%v α=%v β=%v: shortest = %v %v %v, want %v %v %v",
				pr.d, pr.alpha, pr.beta, gotW, gotSeg, gotOK, wantW, wantSeg, wantOK)
		}
		for w := LSL; w <= LRL; w++ {
			a, b, c, ok := pr.solve(w)
			wa, wb, wc, wok := solveAll(&pr, w)
			if ok != wok || !sameSlice([]float64{a, b, c}, []float64{wa, wb, wc}) {
				t.Fatalf("solve(%v) = %v %v %v %v, want %v %v %v %v", w, a, b, c, ok, wa, wb, wc, wok)
			}
		}
	})
}

// TestShortestTies pins the tie rule where several words are exactly as long
// as the shortest: the earliest in Word order wins, also over words whose
// lower bound equals the best length.
func TestShortestTies(t *testing.T) {
	tests := []struct {
		name           string
		dx, dy, h0, h1 float64
		want           Word
		ties           []Word // as long as want, bit for bit
	}{
		{"straight ahead", 400, 0, 0, 0, LSL, []Word{RSR, LSR, RSL}},
		{"same pose", 0, 0, 1, 1, LSL, []Word{RSR, LSR, RSL}},
		{"half circle left", 0, 200, 0, math.Pi, LSL, []Word{LSR, RSL, RLR}},
		{"half circle right", 0, -200, 0, math.Pi, RSR, []Word{LSR, RSL, LRL}},
		{"full circle's diameter aside", 0, 400, 0, 0, LSR, []Word{RLR, LRL}},
		{"4r ahead, reversed", 400, 0, 0, math.Pi, LSR, []Word{RSL}},
		{"behind, same heading", -400, 0, 0, 0, LSL, []Word{RSR}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr := newDubinsProblem(tt.dx, tt.dy, tt.h0, tt.h1, 100)
			w, seg, ok := pr.shortest()
			if !ok || w != tt.want {
				t.Fatalf("shortest = %v %v, want %v", w, ok, tt.want)
			}
			l := seg[0] + seg[1] + seg[2]
			for _, o := range tt.ties {
				a, b, c, ok := pr.solve(o)
				if !ok || !sameBits(a+b+c, l) {
					t.Errorf("%v: %v long, want a tie with %v at %v", o, a+b+c, w, l)
				}
			}
			if ow, oseg, ook := shortestAll(&pr); ow != w || ook != ok || !sameSlice(oseg[:], seg[:]) {
				t.Errorf("oracle: %v %v %v, shortest %v %v %v", ow, oseg, ook, w, seg, ok)
			}
		})
	}
}

// TestShortestNonFinite checks that a NaN or infinite pose finds no word,
// like the oracle, so that Steer reports errNoDubins.
func TestShortestNonFinite(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name           string
		dx, dy, h0, h1 float64
	}{
		{"NaN x", math.NaN(), 0, 0, 0},
		{"NaN heading", 100, 0, math.NaN(), 0},
		{"infinite y", 0, inf, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr := newDubinsProblem(tt.dx, tt.dy, tt.h0, tt.h1, 100)
			_, _, ok := pr.shortest()
			_, _, ook := shortestAll(&pr)
			if ok || ook {
				t.Errorf("found a word: %v, oracle %v", ok, ook)
			}
		})
	}
}

func sameSlice(a, b []float64) bool {
	for i := range a {
		if !sameBits(a[i], b[i]) {
			return false
		}
	}
	return len(a) == len(b)
}
