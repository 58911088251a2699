package planner

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/motion"
)

// Online is the core of the continuous replanning loop (model §1.4), free of
// I/O and clocks so that the simulator and the autopilot bridge drive the
// same code: it owns the published plan, chooses where each replan starts and
// stitches the new plan onto the part of the old one the vehicle keeps
// flying while the planner thinks.
//
// A driver's loop is:
//
//	start, budget := o.NextStart(vehicle, reached, remaining)
//	res, err := replanner.Replan(ctx, start, budget, belief, term)
//	plan := o.Commit(res, reachedNow)
//
// where reached counts the waypoints of the published plan the vehicle has
// reached since it was published.
type Online struct {
	speed     float64
	start     motion.Pose
	horizon   float64
	lookahead float64

	plan     []motion.Pose
	arc, tm  []float64 // arc length (m) and flight time (s) along the plan from plan[0]
	isNode   []bool    // the waypoint is a node of the latest tree's best path
	startIdx int       // plan index of the last replan start; -1 before the first plan
}

// tinyBudget stands for "nothing left" in a budget that has a limit: Budget
// reads 0 as "no limit".
const tinyBudget = 1e-9

// NewOnline returns the loop core for a vehicle flying at speed (m/s, the
// motion model's Speed) from start with the mission budget budget, whose
// horizon (if any) caps every plan. Any Replanner can be driven by it.
// lookahead (s) is how long a replan takes plus a margin: the next plan
// starts where the vehicle will be then (the reference uses plan time +
// 1.5 s).
func NewOnline(speed float64, start motion.Pose, budget Budget, lookahead float64) *Online {
	return &Online{speed: speed, start: start, horizon: budget.Horizon, lookahead: lookahead, startIdx: -1}
}

// Plan is the published plan: the waypoints the vehicle should fly, the first
// being the one it is approaching. The slice is the Online's own.
func (o *Online) Plan() []motion.Pose { return o.plan }

// NextStart chooses where the next plan starts and what it may use (model
// §1.4). The vehicle, at pose vehicle and having reached `reached` waypoints
// of the published plan, flies speed·lookahead metres along it; the start is
// the node (the end of a Result segment) that ends the segment it is then
// on, so a tree planner finds it on its previous best path and recycles its
// subtree. The plan up to that node is kept, and the budget for the new
// plan is remaining minus the kept prefix (from the vehicle's position); the
// horizon (remaining's, else the mission's) is reduced the same way. Before
// the first plan the start is the one given to NewOnline and the budget is
// remaining with that horizon.
func (o *Online) NextStart(vehicle motion.Pose, reached int, remaining Budget) (start motion.Pose, planBudget Budget) {
	if remaining.Horizon == 0 {
		remaining.Horizon = o.horizon
	}
	if len(o.plan) == 0 {
		o.startIdx = -1
		return o.start, remaining
	}
	reached = max(0, min(reached, len(o.plan)))
	ahead := o.speed * o.lookahead
	k, acc := reached, 0.0
	for k < len(o.plan) && acc < ahead {
		from := vehicle.Vec
		if k > reached {
			from = o.plan[k-1].Vec
		}
		acc += r3.Norm(r3.Sub(o.plan[k].Vec, from))
		k++
	}
	e := len(o.plan) - 1
	for i := k; i < len(o.plan); i++ {
		if o.isNode[i] {
			e = i
			break
		}
	}
	o.startIdx = e

	keptDist, keptTime := 0.0, 0.0
	if reached <= e {
		lead := r3.Norm(r3.Sub(o.plan[reached].Vec, vehicle.Vec))
		keptDist = lead + o.arc[e] - o.arc[reached]
		keptTime = lead/o.speed + o.tm[e] - o.tm[reached]
	}
	planBudget = remaining
	if remaining.Distance > 0 {
		planBudget.Distance = math.Max(tinyBudget, remaining.Distance-keptDist)
	}
	if remaining.Time > 0 {
		planBudget.Time = math.Max(tinyBudget, remaining.Time-keptTime)
	}
	if remaining.Horizon > 0 {
		planBudget.Horizon = math.Max(tinyBudget, remaining.Horizon-keptDist)
	}
	return o.plan[e], planBudget
}

// Commit stitches a replan's result onto the kept prefix chosen by the last
// NextStart and publishes it: the waypoints reached since the previous
// publication are dropped, but not the one the vehicle is approaching (the
// reference drops that one too, model §1.4). It returns a copy of the new
// plan. If the vehicle passed the replan start while the planner ran, the
// reached waypoints are still dropped, so it heads for the next one.
func (o *Online) Commit(res Result, reachedSincePublish int) []motion.Pose {
	keep, a0, t0 := 0, 0.0, 0.0 // plan[:keep] precedes the new root, which is at arc a0, time t0
	if o.startIdx >= 0 {
		keep, a0, t0 = o.startIdx, o.arc[o.startIdx], o.tm[o.startIdx]
	}
	o.plan, o.arc, o.tm, o.isNode = o.plan[:keep], o.arc[:keep], o.tm[:keep], o.isNode[:keep]
	clear(o.isNode)
	seg, next := 0, 0 // the next node of the new path is at Path index next
	for i, q := range res.Path {
		o.plan = append(o.plan, q)
		o.arc = append(o.arc, a0+res.Dist[i])
		o.tm = append(o.tm, t0+res.Time[i])
		o.isNode = append(o.isNode, i == next)
		if i == next && seg < len(res.Segments) {
			next += len(res.Segments[seg]) - 1
			seg++
		}
	}
	if drop := min(max(0, reachedSincePublish), len(o.plan)-1); drop > 0 {
		o.plan, o.arc, o.tm, o.isNode = o.plan[drop:], o.arc[drop:], o.tm[drop:], o.isNode[drop:]
	}
	o.startIdx = -1
	return append([]motion.Pose(nil), o.plan...)
}
