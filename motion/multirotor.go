package motion

import (
	"fmt"
	"math"
)

// turnTol is the heading difference (rad) below which two headings count as
// the same: no turn-in-place state is emitted for it.
const turnTol = 1e-9

// Multirotor is the hovering vehicle: it turns in place to face the goal,
// flies the straight 3D line to it, and turns in place to the goal heading.
// Turns cost no distance; they cost time when YawRate > 0.
//
// Along the line the air-relative speed is Airspeed; the ground speed is the
// one that keeps the ground track on the line in the horizontal Wind (which
// must be slower than Airspeed), further limited so that the vertical speed
// stays within ClimbRate when ClimbRate > 0. Unlike the fixed-wing models a
// multirotor always reaches the goal altitude: a climb limit costs time only.
type Multirotor struct {
	Airspeed  float64 // m/s
	YawRate   float64 // rad/s; 0 = heading changes are instantaneous
	ClimbRate float64 // maximum vertical speed, m/s; 0 = unlimited
	Wind      Wind    // m/s
}

// Speed returns the airspeed.
func (m Multirotor) Speed() float64 { return m.Airspeed }

// Steer fills p with turn-fly-turn from from to to. The states are: from; a
// turn-in-place state facing the goal (when the heading must change); states
// every step metres along the line; a turn-in-place state at the goal
// position facing along the line (when the goal heading differs); and the
// goal. The line is reported as the path's only straight, when it has a
// horizontal extent.
func (m Multirotor) Steer(p *Path, from, to Pose, step float64) error {
	return m.SteerLimited(p, from, to, step, math.Inf(1), math.Inf(1))
}

// SteerLimited fills p with the prefix of Steer's path that the LimitedSteerer
// contract asks for, placing no state beyond it.
func (m Multirotor) SteerLimited(p *Path, from, to Pose, step, maxDist, maxTime float64) error {
	p.Reset()
	switch {
	case !(m.Airspeed > 0) || math.IsInf(m.Airspeed, 0):
		return fmt.Errorf("motion: airspeed must be finite and > 0, got %v", m.Airspeed)
	case !(m.YawRate >= 0):
		return fmt.Errorf("motion: yaw rate must be >= 0, got %v", m.YawRate)
	case !(m.ClimbRate >= 0):
		return fmt.Errorf("motion: climb rate must be >= 0, got %v", m.ClimbRate)
	case !(step > 0) || math.IsInf(step, 0):
		return fmt.Errorf("motion: step must be finite and > 0, got %v", step)
	}
	wn := m.Wind.Speed()
	if !(wn < m.Airspeed) {
		return fmt.Errorf("motion: wind %.3g m/s vs airspeed %.3g m/s: %w", wn, m.Airspeed, ErrWindTooStrong)
	}
	p.States = append(p.States, from)
	p.Dist = append(p.Dist, 0)
	p.Time = append(p.Time, 0)

	dx, dy, dz := to.X-from.X, to.Y-from.Y, to.Z-from.Z
	dh := math.Hypot(dx, dy)
	d3 := math.Hypot(dh, dz)
	t := 0.0
	heading := WrapPi(from.Heading)
	open := -1 // index of the line's straight while its end is not placed
	if d3 > segTol {
		if dh > segTol {
			track := WrapPi(math.Atan2(dy, dx)) // atan2 may return +π
			if AngleDiff(heading, track) > turnTol {
				t += m.yawTime(heading, track)
				heading = track
				p.appendState(Pose{Vec: from.Vec, Heading: heading}, 0, t)
				if reaches(0, t, maxDist, maxTime) {
					p.cutOpen(-1)
					return nil
				}
			}
			p.Straights = append(p.Straights, Straight{Start: p.States[len(p.States)-1]})
			open = 0
		}
		ux, uy, uz := dx/d3, dy/d3, dz/d3
		gs := m.groundSpeed(ux, uy, uz)
		for k := 1; float64(k)*step < d3-segTol; k++ {
			s := float64(k) * step
			ts := t + s/gs
			p.appendState(Pose{Vec: vec3(from.X+s*ux, from.Y+s*uy, from.Z+s*uz), Heading: heading}, s, ts)
			if reaches(s, ts, maxDist, maxTime) {
				p.cutOpen(open)
				return nil
			}
		}
		t += d3 / gs
		if AngleDiff(heading, to.Heading) > turnTol {
			p.appendState(Pose{Vec: to.Vec, Heading: heading}, d3, t)
			if reaches(d3, t, maxDist, maxTime) {
				p.cutOpen(open)
				return nil
			}
		}
	}
	if open >= 0 {
		// The line ends where the vehicle arrives, before any final turn.
		if AngleDiff(heading, to.Heading) <= turnTol {
			p.Straights[0].End = to // the goal itself, appended next
		} else {
			p.Straights[0].End = p.States[len(p.States)-1]
		}
		p.Straights[0].To = d3
	}
	if d3 > segTol || AngleDiff(heading, to.Heading) > turnTol {
		t += m.yawTime(heading, to.Heading)
		p.appendState(to, d3, t)
	}
	return nil
}

func (p *Path) appendState(s Pose, dist, t float64) {
	p.States = append(p.States, s)
	p.Dist = append(p.Dist, dist)
	p.Time = append(p.Time, t)
}

func (m Multirotor) yawTime(a, b float64) float64 {
	if m.YawRate == 0 {
		return 0
	}
	return AngleDiff(a, b) / m.YawRate
}

// groundSpeed is the speed along the unit direction u such that the air
// velocity u·gs − wind has magnitude Airspeed, capped by the climb rate.
func (m Multirotor) groundSpeed(ux, uy, uz float64) float64 {
	dw := ux*m.Wind.X + uy*m.Wind.Y
	w2 := m.Wind.X*m.Wind.X + m.Wind.Y*m.Wind.Y
	gs := dw + math.Sqrt(m.Airspeed*m.Airspeed-w2+dw*dw)
	if m.ClimbRate > 0 && math.Abs(uz)*gs > m.ClimbRate {
		gs = m.ClimbRate / math.Abs(uz)
	}
	return gs
}
