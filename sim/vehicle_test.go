package sim

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/motion"
)

func pose(x, y, z, headingDeg float64) motion.Pose {
	return motion.Pose{Vec: r3.Vec{X: x, Y: y, Z: z}, Heading: headingDeg * math.Pi / 180}
}

// planOf steers from→to with the planner's 40 m step and returns the states.
func planOf(t *testing.T, m motion.Model, from, to motion.Pose) (motion.Path, []motion.Pose) {
	t.Helper()
	var p motion.Path
	if err := m.Steer(&p, from, to, 40); err != nil {
		t.Fatal(err)
	}
	return p, append([]motion.Pose(nil), p.States...)
}

// fine returns the path from→to at 0.5 m, the curve the vehicle must stay on.
func fine(t *testing.T, m motion.Model, from, to motion.Pose) []r2.Vec {
	t.Helper()
	var p motion.Path
	if err := m.Steer(&p, from, to, 0.5); err != nil {
		t.Fatal(err)
	}
	pts := make([]r2.Vec, len(p.States))
	for k, s := range p.States {
		pts[k] = r2.Vec{X: s.X, Y: s.Y}
	}
	return pts
}

func offTrack(pts []r2.Vec, q r2.Vec) float64 {
	best := math.Inf(1)
	for k := 1; k < len(pts); k++ {
		best = math.Min(best, segDist(q, pts[k-1], pts[k]))
	}
	return best
}

func segDist(p, a, b r2.Vec) float64 {
	ab := r2.Sub(b, a)
	l2 := r2.Norm2(ab)
	if l2 == 0 {
		return r2.Norm(r2.Sub(p, a))
	}
	f := math.Max(0, math.Min(1, r2.Dot(r2.Sub(p, a), ab)/l2))
	return r2.Norm(r2.Sub(p, r2.Add(a, r2.Scale(f, ab))))
}

// The vehicle flies the planned curve at the model's speed: it stays on the
// track, arrives exactly at the goal, spends the path's length and takes the
// path's duration.
func TestVehicleFliesThePlan(t *testing.T) {
	cases := []struct {
		name     string
		model    motion.Model
		from, to motion.Pose
	}{
		{"dubins LSL", motion.Dubins{Radius: 100, Airspeed: 25}, pose(0, 0, 50, 0), pose(-300, 400, 50, 180)},
		{"dubins RSL climbing", motion.Dubins{Radius: 100, Airspeed: 25}, pose(0, 0, 50, 90), pose(600, -200, 110, 45)},
		{"trochoid in wind", motion.Trochoid{Radius: 100, Airspeed: 25, Wind: motion.Wind{X: 6, Y: -3}}, pose(0, 0, 50, 0), pose(200, 500, 50, 200)},
		{"multirotor", motion.Multirotor{Airspeed: 5, YawRate: math.Pi / 2}, pose(0, 0, 30, 0), pose(-40, 60, 30, -90)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path, plan := planOf(t, c.model, c.from, c.to)
			track := fine(t, c.model, c.from, c.to)
			v := &vehicle{model: c.model, pose: c.from}
			v.setPlan(plan)
			const dt = 0.02
			elapsed, worst := 0.0, 0.0
			for steps := 0; !v.idle(); steps++ {
				if steps > 1e6 {
					t.Fatal("the vehicle never finished the plan")
				}
				used, _ := v.advance(dt, math.Inf(1))
				elapsed += used
				worst = math.Max(worst, offTrack(track, r2.Vec{X: v.pose.X, Y: v.pose.Y}))
			}
			if worst > 0.05 {
				t.Errorf("strayed %.3f m from the planned track", worst)
			}
			if d := motion.Distance(v.pose, c.to); d > 1e-6 {
				t.Errorf("ended at %v, %.3g from the goal %v", v.pose, d, c.to)
			}
			if math.Abs(v.flown-path.Length()) > 1e-3*path.Length() {
				t.Errorf("flew %.3f m, the path is %.3f m", v.flown, path.Length())
			}
			if math.Abs(elapsed-path.Duration()) > 1e-3*path.Duration() {
				t.Errorf("took %.3f s, the path takes %.3f s", elapsed, path.Duration())
			}
			if v.next != len(plan) {
				t.Errorf("reached %d waypoints, want %d", v.next, len(plan))
			}
		})
	}
}

// A multirotor turns in place at its yaw rate before it flies.
func TestVehicleTurnsInPlace(t *testing.T) {
	m := motion.Multirotor{Airspeed: 5, YawRate: math.Pi / 4} // 45°/s
	from, to := pose(0, 0, 30, 0), pose(0, 100, 30, 90)
	_, plan := planOf(t, m, from, to)
	v := &vehicle{model: m, pose: from}
	v.setPlan(plan)
	v.advance(1, math.Inf(1)) // half of the 2 s turn
	if d := r3.Norm(r3.Sub(v.pose.Vec, from.Vec)); d > 1e-9 {
		t.Errorf("moved %.3g m while turning", d)
	}
	if got := v.pose.Heading * 180 / math.Pi; math.Abs(got-45) > 1e-6 {
		t.Errorf("heading after 1 s = %.6f°, want 45°", got)
	}
	v.advance(2, math.Inf(1)) // the rest of the turn, then 1 s along the line
	if got := v.pose.Y; math.Abs(got-5) > 1e-6 {
		t.Errorf("y after the turn and 1 s = %.6f, want 5", got)
	}
}

// The distance limit stops the vehicle exactly there, mid-leg.
func TestVehicleDistanceLimit(t *testing.T) {
	m := motion.Dubins{Radius: 100, Airspeed: 25}
	_, plan := planOf(t, m, pose(0, 0, 50, 0), pose(1000, 0, 50, 0))
	v := &vehicle{model: m, pose: plan[0]}
	v.setPlan(plan)
	for range 10 {
		v.advance(1, 123.4-v.flown)
	}
	if math.Abs(v.flown-123.4) > 1e-9 || math.Abs(v.pose.X-123.4) > 1e-9 {
		t.Errorf("flown %.12g m to x=%.12g, want 123.4", v.flown, v.pose.X)
	}
}

// Replacing the plan mid-leg finishes the leg: a stitched plan (its first
// waypoint is the leg's goal) continues without a detour, and the reached
// count restarts for the new plan.
func TestVehicleSetPlanMidLeg(t *testing.T) {
	m := motion.Dubins{Radius: 100, Airspeed: 25}
	_, plan := planOf(t, m, pose(0, 0, 50, 0), pose(400, 0, 50, 0))
	v := &vehicle{model: m, pose: plan[0]}
	v.setPlan(plan)
	v.advance(2, math.Inf(1)) // 50 m: past waypoint 1 (40 m), heading to waypoint 2 (80 m)
	if v.next != 2 {
		t.Fatalf("next = %d after 50 m, want 2", v.next)
	}
	_, more := planOf(t, m, plan[2], pose(800, 0, 50, 0))
	v.setPlan(more)
	if !v.legPlan || v.next != 0 {
		t.Fatalf("stitched plan: legPlan=%v next=%d, want the leg to count as waypoint 0", v.legPlan, v.next)
	}
	v.advance(2, math.Inf(1)) // to 100 m
	if v.next != 1 || math.Abs(v.pose.X-100) > 1e-6 {
		t.Errorf("next=%d x=%.9g, want 1 and 100", v.next, v.pose.X)
	}

	// A plan elsewhere: the leg to x=120 is finished, then the vehicle
	// steers to the new plan's first waypoint.
	away := []motion.Pose{pose(120, 300, 50, 90), pose(120, 340, 50, 90)}
	v.setPlan(away)
	if v.legPlan {
		t.Fatal("a detour leg counts as a plan waypoint")
	}
	v.advance(0.8, math.Inf(1)) // exactly the 20 m to x=120
	if math.Abs(v.pose.X-120) > 1e-6 || math.Abs(v.pose.Y) > 1e-6 || v.next != 0 {
		t.Errorf("after the leg: %v next=%d, want (120, 0) and 0 reached", v.pose, v.next)
	}
	for range 2000 {
		v.advance(0.02, math.Inf(1))
	}
	if !v.idle() || motion.Distance(v.pose, away[1]) > 1e-6 || v.next != 2 {
		t.Errorf("ended at %v next=%d idle=%v, want %v, 2 reached", v.pose, v.next, v.idle(), away[1])
	}
}

func BenchmarkVehicleAdvance(b *testing.B) {
	m := motion.Dubins{Radius: 100, Airspeed: 25}
	var p motion.Path
	if err := m.Steer(&p, pose(0, 0, 50, 0), pose(-3000, 2000, 50, 120), 40); err != nil {
		b.Fatal(err)
	}
	plan := append([]motion.Pose(nil), p.States...)
	v := &vehicle{model: m, pose: plan[0]}
	v.setPlan(plan)
	b.ReportAllocs()
	for b.Loop() {
		if v.idle() {
			v.pose, v.flown = plan[0], 0
			v.setPlan(plan)
		}
		v.advance(0.02, math.Inf(1))
	}
}
