package planner

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/motion"
)

func TestOnlineFirstPlan(t *testing.T) {
	m := small()
	p, prob := m.planner(t)
	o := NewOnline(prob.Model.Speed(), m.start, m.budget, 2)
	start, b := o.NextStart(m.start, 0, m.budget)
	if start != m.start || b != m.budget {
		t.Fatalf("first start %v, budget %+v; want the mission's", start, b)
	}
	res := replan(t, p, start, b, prob.Grid, 20)
	for _, reached := range []int{0, 3} {
		o := NewOnline(prob.Model.Speed(), m.start, m.budget, 2)
		o.NextStart(m.start, 0, m.budget)
		plan := o.Commit(res, reached)
		if !slices.Equal(plan, res.Path[reached:]) {
			t.Fatalf("reached %d: plan of %d waypoints, want the result's from waypoint %d (the one approached)", reached, len(plan), reached)
		}
	}
}

// fly moves the vehicle along the plan by dist metres from its pose,
// returning the new pose and how many waypoints it reached.
func fly(plan []motion.Pose, from motion.Pose, dist float64) (motion.Pose, int) {
	reached := 0
	for reached < len(plan) {
		d := r3.Norm(r3.Sub(plan[reached].Vec, from.Vec))
		if d > dist {
			u := r3.Scale(dist/d, r3.Sub(plan[reached].Vec, from.Vec))
			return motion.Pose{Vec: r3.Add(from.Vec, u), Heading: plan[reached].Heading}, reached
		}
		dist -= d
		from = plan[reached]
		reached++
	}
	return from, reached
}

func TestOnlineLoopRecyclesAndStitches(t *testing.T) {
	m := small()
	m.budget = Budget{Distance: 4000}
	p, prob := m.planner(t)
	const lookahead = 4 // s: 100 m at 25 m/s
	o := NewOnline(prob.Model.Speed(), m.start, m.budget, lookahead)
	vehicle, reached, flown := m.start, 0, 0.0
	var plan []motion.Pose
	for round := range 5 {
		remaining := Budget{Distance: m.budget.Distance - flown}
		start, b := o.NextStart(vehicle, reached, remaining)
		if round > 0 {
			// The start is a node of the previous best path, after the
			// lookahead, and the kept prefix is what the vehicle flies first.
			e := slices.Index(plan, start)
			if e < 0 || !o.isNode[e] {
				t.Fatalf("round %d: start %v is not a node of the plan", round, start)
			}
			ahead := r3.Norm(r3.Sub(plan[reached].Vec, vehicle.Vec))
			kept := ahead
			for i := reached + 1; i <= e; i++ {
				kept += r3.Norm(r3.Sub(plan[i].Vec, plan[i-1].Vec))
			}
			if ahead > 25*lookahead+1e-9 && e > reached {
				t.Fatalf("round %d: start %d waypoints ahead although the next one is beyond the lookahead", round, e-reached)
			}
			// Chords against arcs: the kept length is at least the chords'.
			if got := remaining.Distance - b.Distance; got < kept-1e-6 || got > kept*1.01+1e-6 {
				t.Fatalf("round %d: budget reduced by %v, the kept prefix is %v m", round, got, kept)
			}
		}
		res := replan(t, p, start, b, prob.Grid, 0)
		if round > 0 && p.nodes[0].pose != start {
			t.Fatalf("round %d: root %v, want the start %v", round, p.nodes[0].pose, start)
		}
		if round > 0 && res.TreeSize == 1 && len(plan) > 0 && start != plan[len(plan)-1] {
			t.Fatalf("round %d: the tree was not recycled", round)
		}
		res = replan(t, p, start, b, prob.Grid, 15)
		checkPlan(t, p, start, b, res)

		// The vehicle keeps flying the old plan while the planner thinks.
		var during int
		old := plan
		if len(old) > 0 {
			vehicle, during = fly(old[reached:], vehicle, 25)
			during += reached
		}
		newPlan := o.Commit(res, during)
		if len(old) > 0 {
			e := slices.Index(old, start)
			want := append(slices.Clone(old[:e]), res.Path...)[during:]
			if !slices.Equal(newPlan, want) {
				t.Fatalf("round %d: stitched plan of %d waypoints, want %d", round, len(newPlan), len(want))
			}
		}
		plan, reached = newPlan, 0
		var v motion.Pose
		v, reached = fly(plan, vehicle, 150)
		flown += 150 + 25
		vehicle = v
	}
}

func TestOnlineHorizonAndExhaustedBudget(t *testing.T) {
	m := small()
	m.budget = Budget{Distance: 3000, Horizon: 500, Time: 1000}
	p, prob := m.planner(t)
	o := NewOnline(prob.Model.Speed(), m.start, m.budget, 8)
	start, b := o.NextStart(m.start, 0, m.budget)
	res := replan(t, p, start, b, prob.Grid, 20)
	o.Commit(res, 0)
	start, b = o.NextStart(m.start, 0, m.budget)
	e := slices.Index(res.Path, start)
	if e <= 0 {
		t.Fatalf("start %v is not ahead on the plan", start)
	}
	kept := res.Dist[e]
	if math.Abs(b.Horizon-(500-kept)) > 1e-6 || math.Abs(b.Distance-(3000-kept)) > 1e-6 {
		t.Fatalf("budget %+v after keeping %v m", b, kept)
	}
	if math.Abs(b.Time-(1000-res.Time[e])) > 1e-6 {
		t.Fatalf("time budget %v after keeping %v s", b.Time, res.Time[e])
	}
	if _, b2 := o.NextStart(m.start, 0, Budget{Distance: 3000, Time: 1000}); b2 != b {
		t.Fatalf("without a horizon in remaining: %+v, want the mission's horizon applied: %+v", b2, b)
	}
	_, b = o.NextStart(m.start, 0, Budget{Distance: 1, Time: 1})
	if b.Distance != tinyBudget || b.Time != tinyBudget || b.Validate() != nil {
		t.Fatalf("exhausted budget %+v: want the smallest valid one", b)
	}
}
