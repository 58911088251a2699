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
	{"flat", func() index { return &flatIndex{} }},
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

func bruteDominated(es []entry, q motion.Pose, r, cost, rew float64) bool {
	for _, e := range es {
		if e.cost <= cost && e.reward >= rew && poseDist(q, e.pose) <= r {
			return true
		}
	}
	return false
}

// randomEntries gives each pose a cost growing with its distance from the
// origin and a reward loosely tied to it, like a tree's nodes.
func randomEntries(rng *rand.Rand, ps []motion.Pose) []entry {
	es := make([]entry, len(ps))
	for i, p := range ps {
		c := math.Hypot(p.X, p.Y) * (1 + rng.Float64())
		es[i] = entry{pose: p, cost: c, reward: c * rng.Float64()}
	}
	return es
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
				es := randomEntries(rng, ps)
				x := ix.new()
				if tc.balanced {
					x.reset(es)
				} else {
					for _, e := range es {
						x.insert(e)
					}
				}
				if x.len() != len(ps) {
					t.Fatalf("len = %d, want %d", x.len(), len(ps))
				}
				queries := randomEntries(rng, randomPoses(rng, 200, tc.side))
				if tc.queryNode {
					queries = append(queries, es[:100]...)
				}
				var dst []neighbour
				for _, q := range queries {
					id, d := x.nearest(q.pose)
					wid, wd := bruteNearest(ps, q.pose)
					if id != wid || d != wd {
						t.Fatalf("nearest(%v) = %d,%v, want %d,%v", q.pose, id, d, wid, wd)
					}
					dst = x.radius(q.pose, tc.r, dst[:0])
					if want := bruteRadius(ps, q.pose, tc.r); !slices.Equal(dst, want) {
						t.Fatalf("radius(%v, %v): %d results, want %d", q.pose, tc.r, len(dst), len(want))
					}
					for _, scale := range []float64{0.5, 1, 2} {
						got := x.dominated(q.pose, tc.r, q.cost*scale, q.reward)
						if want := bruteDominated(es, q.pose, tc.r, q.cost*scale, q.reward); got != want {
							t.Fatalf("dominated(%v, %v, cost %v, reward %v) = %v, want %v", q.pose, tc.r, q.cost*scale, q.reward, got, want)
						}
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
		pts := make([]*kdPoint, n)
		for i := range ps {
			ps[i].X = math.Round(ps[i].X / 10) // many equal coordinates
			pts[i] = &kdPoint{entry: entry{pose: ps[i]}, id: int32(i)}
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

// TestIndexesAgreeWhileGrowing interleaves inserts, queries and resets on
// every index and a brute-force scan. Poses, costs and rewards come from
// small sets, so ties of distance, cost and reward are common, and queries
// often sit exactly on stored nodes with their cost and reward.
func TestIndexesAgreeWhileGrowing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps int
		side  float64
		r     float64
	}{
		{"dense-ties", 4000, 40, 12},
		{"sparse", 4000, 2000, 150},
		{"zero-radius", 1500, 20, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(21, uint64(tc.steps)))
			xs := make([]index, len(indexes))
			for k, ix := range indexes {
				xs[k] = ix.new()
			}
			pick := func(n int, step float64) float64 { return float64(rng.IntN(n)) * step }
			var es []entry
			randomEntry := func() entry {
				if len(es) > 0 && rng.IntN(3) == 0 {
					e := es[rng.IntN(len(es))]
					switch rng.IntN(3) {
					case 0:
						e.cost += pick(3, 1) - 1
					case 1:
						e.reward += pick(3, 1) - 1
					}
					return e
				}
				p := motion.Pose{
					Vec:     r3.Vec{X: pick(20, tc.side/20), Y: pick(20, tc.side/20), Z: 40 + pick(3, 5)},
					Heading: motion.WrapPi(pick(8, math.Pi/4)),
				}
				return entry{pose: p, cost: pick(10, 1), reward: pick(10, 1)}
			}
			var dst []neighbour
			for step := range tc.steps {
				switch k := rng.IntN(100); {
				case k == 0:
					es = es[:0]
					for range rng.IntN(600) {
						es = append(es, randomEntry())
					}
					for _, x := range xs {
						x.reset(es)
					}
				case k < 40:
					e := randomEntry()
					es = append(es, e)
					for _, x := range xs {
						x.insert(e)
					}
				default:
					q := randomEntry()
					wantDom := bruteDominated(es, q.pose, tc.r, q.cost, q.reward)
					ps := make([]motion.Pose, len(es))
					for i, e := range es {
						ps[i] = e.pose
					}
					wantID, wantD := bruteNearest(ps, q.pose)
					wantNear := bruteRadius(ps, q.pose, tc.r)
					for k, x := range xs {
						if got := x.dominated(q.pose, tc.r, q.cost, q.reward); got != wantDom {
							t.Fatalf("step %d: %s.dominated(%v, %v, %v) = %v, want %v", step, indexes[k].name, q.pose, q.cost, q.reward, got, wantDom)
						}
						if id, d := x.nearest(q.pose); id != wantID || d != wantD {
							t.Fatalf("step %d: %s.nearest(%v) = %d,%v, want %d,%v", step, indexes[k].name, q.pose, id, d, wantID, wantD)
						}
						dst = x.radius(q.pose, tc.r, dst[:0])
						if !slices.Equal(dst, wantNear) {
							t.Fatalf("step %d: %s.radius(%v): %d nodes, want %d", step, indexes[k].name, q.pose, len(dst), len(wantNear))
						}
						if x.len() != len(es) {
							t.Fatalf("step %d: %s.len() = %d, want %d", step, indexes[k].name, x.len(), len(es))
						}
					}
				}
			}
		})
	}
}
