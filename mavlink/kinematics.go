package mavlink

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/motion"
)

// gravity is standard gravity, m/s², for the fixed-wing's bank angle.
const gravity = 9.80665

// body is the simulated autopilot's vehicle: a kinematic follower, not a
// flight-dynamics model. The simulator's vehicle (package sim) flies a
// planner's plan exactly along the motion model and keeps its workings
// unexported; an autopilot instead chases position targets and waypoints,
// which is what this does, within the same speed, turn-radius, climb and
// yaw-rate limits the planner assumed.
type body struct {
	kind   string
	speed  float64 // m/s, airspeed (fixed-wing) or top speed (multirotor)
	radius float64 // m, fixed-wing minimum turn radius
	climb  float64 // m/s, vertical speed limit
	yawR   float64 // rad/s, multirotor yaw rate; 0 turns at once

	pose motion.Pose // mission-independent ENU, metres from home
	vel  r3.Vec      // ENU m/s of the last step
	roll float64     // radians, right wing down positive
}

func (b *body) fixedWing() bool { return b.kind == motion.KindFixedWing }

// goTo moves toward target for dt seconds. A multirotor flies straight at it
// and turns its nose to heading; a fixed-wing keeps its airspeed and turns
// toward it no tighter than its radius. It reports whether the target is
// reached: within accept metres, or (fixed-wing) passed close by.
func (b *body) goTo(target r3.Vec, heading, accept, dt float64) bool {
	start := b.pose.Vec
	if b.fixedWing() {
		d := r3.Sub(target, b.pose.Vec)
		bearing := math.Atan2(d.Y, d.X)
		b.fly(bearing, target.Z, dt)
		dx, dy := target.X-b.pose.X, target.Y-b.pose.Y
		dist := math.Hypot(dx, dy)
		ahead := dx*math.Cos(b.pose.Heading) + dy*math.Sin(b.pose.Heading)
		return dist <= accept || (ahead < 0 && dist < 2*b.radius)
	}
	d := r3.Sub(target, b.pose.Vec)
	dist := r3.Norm(d)
	if step := b.speed * dt; dist > step {
		d = r3.Scale(step/dist, d)
	}
	if b.climb > 0 && math.Abs(d.Z) > b.climb*dt {
		d.Z = math.Copysign(b.climb*dt, d.Z)
	}
	b.pose.Vec = r3.Add(b.pose.Vec, d)
	b.turnTo(heading, dt)
	b.vel = r3.Scale(1/dt, r3.Sub(b.pose.Vec, start))
	return r3.Norm(r3.Sub(target, b.pose.Vec)) <= accept
}

// turnTo yaws a multirotor toward heading at its yaw rate.
func (b *body) turnTo(heading, dt float64) {
	diff := motion.WrapPi(heading - b.pose.Heading)
	if b.yawR > 0 && math.Abs(diff) > b.yawR*dt {
		diff = math.Copysign(b.yawR*dt, diff)
	}
	b.pose.Heading = motion.WrapPi(b.pose.Heading + diff)
}

// fly advances a fixed-wing for dt seconds, turning toward course at most at
// speed/radius and climbing toward alt at most at the climb rate.
func (b *body) fly(course, alt, dt float64) {
	rate := b.speed / b.radius
	diff := motion.WrapPi(course - b.pose.Heading)
	turn := math.Max(-rate*dt, math.Min(rate*dt, diff))
	b.roll = -math.Atan(b.speed * (turn / dt) / gravity) // a left (counter-clockwise) turn banks left
	b.pose.Heading = motion.WrapPi(b.pose.Heading + turn)
	s, c := math.Sincos(b.pose.Heading)
	dz := alt - b.pose.Z
	if b.climb > 0 {
		dz = math.Max(-b.climb*dt, math.Min(b.climb*dt, dz))
	}
	b.vel = r3.Vec{X: b.speed * c, Y: b.speed * s, Z: dz / dt}
	b.pose.Vec = r3.Add(b.pose.Vec, r3.Vec{X: b.speed * c * dt, Y: b.speed * s * dt, Z: dz})
}

// hold stops a multirotor where it is; a fixed-wing circles center
// counter-clockwise at its turn radius.
func (b *body) hold(center r3.Vec, dt float64) {
	if !b.fixedWing() {
		b.vel = r3.Vec{}
		return
	}
	dx, dy := b.pose.X-center.X, b.pose.Y-center.Y
	r := math.Hypot(dx, dy)
	tangent := math.Atan2(dy, dx) + math.Pi/2
	// Steer in toward the circle when outside it, out when inside.
	course := tangent + math.Atan(2*(r-b.radius)/b.radius)
	b.fly(course, center.Z, dt)
}

// orbitCenter is the centre of the counter-clockwise circle a fixed-wing at p
// flies into without turning first: one radius to its left.
func orbitCenter(p motion.Pose, radius float64) r3.Vec {
	s, c := math.Sincos(p.Heading)
	return r3.Vec{X: p.X - radius*s, Y: p.Y + radius*c, Z: p.Z}
}
