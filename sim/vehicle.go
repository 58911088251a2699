package sim

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/motion"
)

// legStep is the discretisation (metres) of the leg the vehicle flies between
// two waypoints. The chord between 2 m states of a 100 m turn is 5 mm inside
// the arc, far below anything the camera or the budget can notice.
const legStep = 2.0

// legSlack bounds how much longer than the chord a re-steered leg may be
// before the vehicle distrusts it (a numerically fragile Dubins solution can
// wrap a full circle between two poses that are a few metres apart) and flies
// the chord instead.
const legSlack = 1.5

// samePose is the tolerance (metres and radians) under which two waypoints
// are the same one, as the planner matches a replan start to its tree.
const samePose = 1e-6

// vehicle flies a plan, a list of waypoints, with its motion model.
//
// Between consecutive waypoints it flies the leg the model steers from the
// previous one (which, waypoints being states of one steered path, is that
// path's piece between them: sub-paths of shortest paths are shortest), and
// moves along the leg's states by time, interpolating linearly. So a
// fixed-wing follows the Dubins or trochoid curves at its speed, the ground
// track in wind is what the wind model planned, and a multirotor turns in
// place at its yaw rate, then flies. Distance is the leg's arc length as the
// model reports it (Path.Dist), the quantity the planner budgets with.
type vehicle struct {
	model motion.Model

	pose  motion.Pose
	flown float64 // metres since launch

	plan    []motion.Pose // the published plan, owned
	next    int           // index of the waypoint being approached; the count reached since publication
	leg     motion.Path   // the leg being flown; empty when idle
	legGoal motion.Pose   // where the leg was steered to
	legPlan bool          // legGoal is plan[next] (not a detour to finish a leg of an older plan)
	k       int           // the leg's state at or before the vehicle
	tau     float64       // seconds since the leg's state k
}

// idle reports whether the vehicle has nothing left to fly.
func (v *vehicle) idle() bool { return len(v.leg.States) == 0 && v.next >= len(v.plan) }

// setPlan replaces the plan. A leg in flight is finished first: it already
// ends on the new plan's first waypoint when the plan was stitched onto the
// old one, and otherwise the vehicle steers from the leg's end to the new
// plan, so it never re-steers from an interpolated pose in mid-leg.
func (v *vehicle) setPlan(plan []motion.Pose) {
	v.plan = append(v.plan[:0], plan...)
	v.next = 0
	if len(v.leg.States) > 0 {
		v.legPlan = len(v.plan) > 0 && samePoseAs(v.legGoal, v.plan[0])
		return
	}
	v.startLeg()
}

func samePoseAs(a, b motion.Pose) bool {
	return r3.Norm(r3.Sub(a.Vec, b.Vec)) <= samePose && motion.AngleDiff(a.Heading, b.Heading) <= samePose
}

// startLeg steers from the current pose to the next waypoint, skipping the
// waypoints the vehicle already stands on.
func (v *vehicle) startLeg() {
	v.leg.Reset()
	for v.next < len(v.plan) && samePoseAs(v.pose, v.plan[v.next]) {
		v.next++
	}
	if v.next >= len(v.plan) {
		return
	}
	goal := v.plan[v.next]
	v.legGoal, v.legPlan, v.k, v.tau = goal, true, 0, 0
	chord := r3.Norm(r3.Sub(goal.Vec, v.pose.Vec))
	err := v.model.Steer(&v.leg, v.pose, goal, legStep)
	if err != nil || len(v.leg.States) == 0 || v.leg.Length() > legSlack*chord+legStep {
		v.leg.Reset()
		v.leg.States = append(v.leg.States, v.pose, goal)
		v.leg.Dist = append(v.leg.Dist, 0, chord)
		v.leg.Time = append(v.leg.Time, 0, chord/v.model.Speed())
	}
}

// finishLeg puts the vehicle on the leg's last state and moves on.
func (v *vehicle) finishLeg() {
	v.pose = v.leg.States[len(v.leg.States)-1]
	if v.legPlan {
		v.next++
	}
	v.leg.Reset()
	v.startLeg()
}

// advance flies for up to dt seconds and at most maxDist metres. It returns
// the time actually flown (less than dt only when the plan ran out or the
// distance limit was hit) and the distance covered.
func (v *vehicle) advance(dt, maxDist float64) (used, dist float64) {
	for dt-used > 0 && len(v.leg.States) > 0 {
		s := v.leg.States
		if v.k+1 >= len(s) {
			v.finishLeg()
			continue
		}
		t0, t1 := v.leg.Time[v.k], v.leg.Time[v.k+1]
		d0, d1 := v.leg.Dist[v.k], v.leg.Dist[v.k+1]
		needT := t1 - t0 - v.tau
		frac0 := 0.0
		if t1 > t0 {
			frac0 = v.tau / (t1 - t0)
		}
		needD := (d1 - d0) * (1 - frac0)
		if needT <= dt-used && needD <= maxDist-dist {
			used += math.Max(needT, 0)
			dist += needD
			v.k++
			v.tau = 0
			v.pose = s[v.k]
			continue
		}
		// The piece ends beyond this tick or beyond the distance limit.
		f := 1.0
		if needT > 0 {
			f = math.Min(f, (dt-used)/needT)
		}
		limited := false
		if needD > 0 && (maxDist-dist)/needD < f {
			f, limited = math.Max(0, (maxDist-dist)/needD), true
		}
		used += f * math.Max(needT, 0)
		dist += f * needD
		v.tau += f * math.Max(needT, 0)
		frac := 1.0
		if t1 > t0 {
			frac = v.tau / (t1 - t0)
		}
		v.pose = lerpPose(s[v.k], s[v.k+1], frac)
		if limited {
			break
		}
	}
	if v.idle() {
		v.leg.Reset()
	}
	v.flown += dist
	return used, dist
}

// lerpPose interpolates position linearly and heading along the shorter way.
func lerpPose(a, b motion.Pose, f float64) motion.Pose {
	return motion.Pose{
		Vec:     r3.Add(a.Vec, r3.Scale(f, r3.Sub(b.Vec, a.Vec))),
		Heading: motion.WrapPi(a.Heading + f*motion.WrapPi(b.Heading-a.Heading)),
	}
}
