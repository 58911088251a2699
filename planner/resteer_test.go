package planner

import (
	"fmt"
	"math"
	"testing"

	"github.com/tigris-uav/tigris/motion"
)

// TestResteerIsSteerTruncated checks, for every edge of grown trees of each
// motion model, that resteer gives bit for bit the path of steering the
// whole curve and keeping the edge's states, straights included.
func TestResteerIsSteerTruncated(t *testing.T) {
	windy := small()
	windy.vehicle.Wind = motion.Wind{X: 6, Y: -3}
	timed := small()
	timed.budget = Budget{Time: 90}
	tests := []struct {
		name  string
		m     mission
		iters int
	}{
		{"fixed-wing", fixedWing(), 40},
		{"small fixed-wing", small(), 60},
		{"trochoid", windy, 20},
		{"time budget", timed, 60},
		{"multirotor", multirotorIn(pts(0, 0, 400, 0, 400, 300, 0, 300), motion.Pose{Heading: 1}, 800), 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, prob := tt.m.planner(t)
			res := replan(t, p, tt.m.start, tt.m.budget, prob.Grid, tt.iters)
			if len(p.nodes) < 20 {
				t.Fatalf("only %d nodes", len(p.nodes))
			}
			checkResteer(t, p, prob)
			// A recycled tree keeps its edges' nStates and incCost from a
			// root that has since been flown past.
			if len(res.Segments) < 2 {
				t.Fatalf("best path of %d edges; want 2 to recycle", len(res.Segments))
			}
			start := res.Segments[1][len(res.Segments[1])-1]
			replan(t, p, start, tt.m.budget, prob.Grid, tt.iters/2)
			if len(p.nodes) < 2 {
				t.Fatalf("only %d nodes after recycling", len(p.nodes))
			}
			checkResteer(t, p, prob)
		})
	}
}

func checkResteer(t *testing.T, p *Planner, prob Problem) {
	t.Helper()
	var got, want motion.Path
	for i := range p.nodes {
		n := &p.nodes[i]
		if n.parent < 0 {
			continue
		}
		par := &p.nodes[n.parent]
		p.resteer(&got, par, n)
		if err := prob.Model.Steer(&want, par.pose, n.goal, p.cfg.Step); err != nil {
			t.Fatal(err)
		}
		want.Truncate(int(n.nStates))
		if d := pathDiff(&got, &want); d != "" {
			t.Fatalf("node %d: %s", i, d)
		}
	}
}

// pathDiff describes the first difference between a and b, bit for bit, or
// returns "" when they are identical.
func pathDiff(a, b *motion.Path) string {
	same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	pose := func(x, y motion.Pose) bool {
		return same(x.X, y.X) && same(x.Y, y.Y) && same(x.Z, y.Z) && same(x.Heading, y.Heading)
	}
	if len(a.States) != len(b.States) || len(a.Dist) != len(b.Dist) || len(a.Time) != len(b.Time) || len(a.Straights) != len(b.Straights) {
		return fmt.Sprintf("%d states, %d straights; want %d, %d", len(a.States), len(a.Straights), len(b.States), len(b.Straights))
	}
	for i := range a.States {
		if !pose(a.States[i], b.States[i]) || !same(a.Dist[i], b.Dist[i]) || !same(a.Time[i], b.Time[i]) {
			return fmt.Sprintf("state %d: %v d=%v t=%v, want %v d=%v t=%v", i, a.States[i], a.Dist[i], a.Time[i], b.States[i], b.Dist[i], b.Time[i])
		}
	}
	for i, s := range a.Straights {
		o := b.Straights[i]
		if !pose(s.Start, o.Start) || !pose(s.End, o.End) || !same(s.From, o.From) || !same(s.To, o.To) {
			return fmt.Sprintf("straight %d: %+v, want %+v", i, s, o)
		}
	}
	return ""
}
