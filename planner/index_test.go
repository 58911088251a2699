package planner

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/motion"
)

// indexes names the implementations every index test and benchmark runs.
var indexes = []struct {
	name string
	new  func() index
}{
	{"gonum", func() index { return &gonumIndex{} }},
	{"kyroy", func() index { return &kyroyIndex{} }},
}

// randomPoses draws n poses over a side×side area at 40–60 m, a quarter of
// them exact duplicates of earlier ones (the tree has many: neighbours
// steered all the way to a new node end exactly on it).
func randomPoses(rng *rand.Rand, n int, side float64) []motion.Pose {
	ps := make([]motion.Pose, n)
	for i := range ps {
		if i > 0 && rng.IntN(4) == 0 {
			ps[i] = ps[rng.IntN(i)]
			continue
		}
		ps[i] = motion.Pose{
			Vec:     r3.Vec{X: rng.Float64() * side, Y: rng.Float64() * side, Z: 40 + 20*rng.Float64()},
			Heading: motion.WrapPi(rng.Float64() * 2 * math.Pi),
		}
	}
	return ps
}

func bruteNearest(ps []motion.Pose, q motion.Pose) (int32, float64) {
	best, bd := int32(-1), math.Inf(1)
	for i, p := range ps {
		if d := poseDist(q, p); d < bd {
			best, bd = int32(i), d
		}
	}
	return best, bd
}

func bruteRadius(ps []motion.Pose, q motion.Pose, r float64) []neighbour {
	var out []neighbour
	for i, p := range ps {
		if d := poseDist(q, p); d <= r {
			out = append(out, neighbour{int32(i), d})
		}
	}
	slices.SortFunc(out, cmpNeighbour)
	return out
}

func TestPoseDistMatchesMotionDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ps := randomPoses(rng, 2000, 100)
	for i := 1; i < len(ps); i++ {
		if got, want := poseDist(ps[i-1], ps[i]), motion.Distance(ps[i-1], ps[i]); math.Abs(got-want) > 1e-9 {
			t.Fatalf("poseDist(%v, %v) = %v, motion.Distance = %v", ps[i-1], ps[i], got, want)
		}
	}
}

func TestIndexMatchesBruteForce(t *testing.T) {
	for _, ix := range indexes {
		for _, tc := range []struct {
			name      string
			n         int
			side, r   float64
			balanced  bool
			queryNode bool // query at a stored pose (exact ties)
		}{
			{"empty", 0, 100, 10, false, false},
			{"one", 1, 100, 10, false, false},
			{"incremental-small-radius", 3000, 1000, 30, false, false},
			{"incremental-large-radius", 3000, 1000, 400, false, true},
			{"balanced", 3000, 1000, 100, true, true},
			{"radius-below-pi", 500, 10, 2, false, true},
		} {
			t.Run(ix.name+"/"+tc.name, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(7, uint64(tc.n)))
				ps := randomPoses(rng, tc.n, tc.side)
				x := ix.new()
				if tc.balanced {
					x.reset(ps)
				} else {
					for _, p := range ps {
						x.insert(p)
					}
				}
				if x.len() != len(ps) {
					t.Fatalf("len = %d, want %d", x.len(), len(ps))
				}
				queries := randomPoses(rng, 200, tc.side)
				if tc.queryNode {
					queries = append(queries, ps[:100]...)
				}
				var dst []neighbour
				for _, q := range queries {
					id, d := x.nearest(q)
					wid, wd := bruteNearest(ps, q)
					if id != wid || d != wd {
						t.Fatalf("nearest(%v) = %d,%v, want %d,%v", q, id, d, wid, wd)
					}
					dst = x.radius(q, tc.r, dst[:0])
					if want := bruteRadius(ps, q, tc.r); !slices.Equal(dst, want) {
						t.Fatalf("radius(%v, %v): %d results, want %d", q, tc.r, len(dst), len(want))
					}
					if len(dst) > 0 {
						last := dst[len(dst)-1].id // the farthest: on the boundary of the query
						if !x.any(q, tc.r, func(id int32) bool { return id == last }) {
							t.Fatalf("any(%v, %v) misses node %d", q, tc.r, last)
						}
					}
					if x.any(q, tc.r, func(id int32) bool { return false }) {
						t.Fatal("any reported true although fn never did")
					}
				}
			})
		}
	}
}

func TestSelectK(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3, 10, 101, 1000} {
		ps := randomPoses(rng, n, 50)
		pts := make(kdPoints, n)
		for i := range ps {
			ps[i].X = math.Round(ps[i].X / 10) // many equal coordinates
			pts[i] = &kdPoint{pose: ps[i], id: int32(i)}
		}
		k := n / 2
		selectK(pts, k, 0)
		for i, p := range pts {
			if i < k && p.pose.X > pts[k].pose.X || i > k && p.pose.X < pts[k].pose.X {
				t.Fatalf("n=%d: element %d (%v) on the wrong side of the pivot %v", n, i, p.pose.X, pts[k].pose.X)
			}
		}
	}
}
