package motion

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"pgregory.net/rapid"
)

// fullOnly hides a model's SteerLimited, so that the SteerLimited helper's
// fallback is what runs.
type fullOnly struct{ Model }

// plannerCut is the planner's cut (planner.steer): the number of states
// before the first one past the start that reaches a limit.
func plannerCut(p *Path, maxDist, maxTime float64) int {
	n := 1
	for n < len(p.States) && p.Dist[n] < maxDist && p.Time[n] < maxTime {
		n++
	}
	return n
}

func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

func samePose(a, b Pose) bool {
	return sameBits(a.X, b.X) && sameBits(a.Y, b.Y) && sameBits(a.Z, b.Z) && sameBits(a.Heading, b.Heading)
}

// pathDiff describes the first difference between a and b, bit for bit, or
// returns "" when they are identical.
func pathDiff(a, b *Path) string {
	if len(a.States) != len(b.States) || len(a.Dist) != len(b.Dist) || len(a.Time) != len(b.Time) {
		return fmt.Sprintf("%d/%d/%d states/dists/times, want %d/%d/%d",
			len(a.States), len(a.Dist), len(a.Time), len(b.States), len(b.Dist), len(b.Time))
	}
	for i := range a.States {
		if !samePose(a.States[i], b.States[i]) || !sameBits(a.Dist[i], b.Dist[i]) || !sameBits(a.Time[i], b.Time[i]) {
			return fmt.Sprintf("state %d: %v d=%v t=%v, want %v d=%v t=%v",
				i, a.States[i], a.Dist[i], a.Time[i], b.States[i], b.Dist[i], b.Time[i])
		}
	}
	if len(a.Straights) != len(b.Straights) {
		return fmt.Sprintf("%d straights, want %d: %+v vs %+v", len(a.Straights), len(b.Straights), a.Straights, b.Straights)
	}
	for i, s := range a.Straights {
		w := b.Straights[i]
		if !samePose(s.Start, w.Start) || !samePose(s.End, w.End) || !sameBits(s.From, w.From) || !sameBits(s.To, w.To) {
			return fmt.Sprintf("straight %d: %+v, want %+v", i, s, w)
		}
	}
	return ""
}

func clonePath(p *Path) Path {
	return Path{
		States:    append([]Pose(nil), p.States...),
		Dist:      append([]float64(nil), p.Dist...),
		Time:      append([]float64(nil), p.Time...),
		Straights: append([]Straight(nil), p.Straights...),
	}
}

// drawLimits picks a distance and a time limit for the full path p: none,
// zero or negative, beyond the path, exactly at some state's Dist or Time
// (the boundary the contract is most likely to get wrong), or anywhere.
func drawLimits(t *rapid.T, p *Path) (maxDist, maxTime float64) {
	inf := math.Inf(1)
	pick := func(label string, v []float64) float64 {
		switch rapid.IntRange(0, 5).Draw(t, label+" kind") {
		case 0:
			return inf
		case 1:
			return 0
		case 2:
			return -rapid.Float64Range(0, 10).Draw(t, label+" below")
		case 3:
			return v[len(v)-1] + rapid.Float64Range(0, 100).Draw(t, label+" beyond")
		case 4:
			return v[rapid.IntRange(0, len(v)-1).Draw(t, label+" at state")]
		default:
			return rapid.Float64Range(0, v[len(v)-1]).Draw(t, label+" within")
		}
	}
	return pick("dist", p.Dist), pick("time", p.Time)
}

// TestSteerLimitedIsTruncatedSteer checks the LimitedSteerer contract bit for
// bit for every model and for the helper's fallback: SteerLimited gives
// Steer's path truncated just after the first state that reaches a limit,
// and the planner's cut of either is the same.
func TestSteerLimitedIsTruncatedSteer(t *testing.T) {
	wind := Wind{X: 6, Y: -3}
	tests := []struct {
		name string
		m    Model
	}{
		{"dubins", Dubins{Radius: 100, Airspeed: 25}},
		{"dubins climb-limited", Dubins{Radius: 60, Airspeed: 20, ClimbRate: 0.5}},
		{"trochoid", Trochoid{Radius: 100, Airspeed: 25, Wind: wind}},
		{"trochoid strong wind climb-limited", Trochoid{Radius: 80, Airspeed: 20, ClimbRate: 1, Wind: Wind{X: -12, Y: 9}}},
		{"trochoid calm", Trochoid{Radius: 100, Airspeed: 25}},
		{"multirotor", Multirotor{Airspeed: 5, YawRate: math.Pi / 2}},
		{"multirotor wind climb-limited", Multirotor{Airspeed: 8, YawRate: 1, ClimbRate: 0.5, Wind: Wind{X: 3, Y: 2}}},
		{"multirotor instant yaw", Multirotor{Airspeed: 5}},
		{"fallback", fullOnly{Dubins{Radius: 100, Airspeed: 25}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, limited := tt.m.(LimitedSteerer)
			if _, wrapped := tt.m.(fullOnly); limited == wrapped {
				t.Fatalf("%T: LimitedSteerer %v", tt.m, limited)
			}
			rapid.Check(t, func(t *rapid.T) {
				from, to := genPose(t, "from"), genPose(t, "to")
				switch rapid.IntRange(0, 3).Draw(t, "goal") {
				case 1: // same place: a turn in place, or nothing
					to.X, to.Y = from.X, from.Y
				case 2: // same heading: a straight for some models
					to.Heading = from.Heading
				case 3: // straight ahead
					to.Heading = WrapPi(from.Heading)
					d := rapid.Float64Range(0, 2000).Draw(t, "ahead")
					to.X, to.Y = from.X+d*math.Cos(to.Heading), from.Y+d*math.Sin(to.Heading)
				}
				step := rapid.Float64Range(1, 100).Draw(t, "step")
				var full Path
				if err := tt.m.Steer(&full, from, to, step); err != nil {
					t.Fatal(err)
				}
				maxDist, maxTime := drawLimits(t, &full)

				want := clonePath(&full)
				if n := plannerCut(&want, maxDist, maxTime); n < len(want.States) {
					want.Truncate(n + 1)
				}
				// Dirty storage from a longer path must not leak into the result.
				got := clonePath(&full)
				if err := SteerLimited(tt.m, &got, from, to, step, maxDist, maxTime); err != nil {
					t.Fatal(err)
				}
				if d := pathDiff(&got, &want); d != "" {
					t.Fatalf("limits (%v m, %v s): %s", maxDist, maxTime, d)
				}
				got.Truncate(plannerCut(&got, maxDist, maxTime))
				full.Truncate(plannerCut(&full, maxDist, maxTime))
				if d := pathDiff(&got, &full); d != "" {
					t.Fatalf("limits (%v m, %v s), after the planner's cut: %s", maxDist, maxTime, d)
				}
			})
		})
	}
}

func TestSteerLimitedCases(t *testing.T) {
	inf := math.Inf(1)
	from, to := pose(0, 0, 50, 0), pose(2000, 0, 50, 0) // a 2 km straight, 40 m states
	tests := []struct {
		name             string
		maxDist, maxTime float64
		wantStates       int
		wantStraightTo   float64 // 0: no straight
	}{
		{"no limits", inf, inf, 51, 2000},
		{"zero", 0, inf, 2, 40},
		{"negative time", inf, -1, 2, 40},
		{"NaN", math.NaN(), inf, 2, 40},
		{"at a state", 400, inf, 11, 400},
		{"just past a state", 400.5, inf, 12, 440},
		{"time at a state", inf, 400.0 / 25, 11, 400},
		{"the tighter limit wins", 800, 400.0 / 25, 11, 400},
		{"at the goal", 2000, inf, 51, 2000},
		{"beyond the goal", 5000, 1e6, 51, 2000},
	}
	models := []Model{Dubins{Radius: 100, Airspeed: 25}, Trochoid{Radius: 100, Airspeed: 25}}
	for _, m := range models {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%T/%s", m, tt.name), func(t *testing.T) {
				var p Path
				if err := SteerLimited(m, &p, from, to, 40, tt.maxDist, tt.maxTime); err != nil {
					t.Fatal(err)
				}
				if len(p.States) != tt.wantStates {
					t.Fatalf("%d states, want %d", len(p.States), tt.wantStates)
				}
				if len(p.Straights) != 1 || math.Abs(p.Straights[0].To-tt.wantStraightTo) > 1e-9 {
					t.Fatalf("straights %+v, want one to %v m", p.Straights, tt.wantStraightTo)
				}
				if end := p.States[len(p.States)-1]; p.Straights[0].End != end {
					t.Fatalf("straight ends at %v, want the last state %v", p.Straights[0].End, end)
				}
			})
		}
	}
}

func TestSteerLimitedErrors(t *testing.T) {
	from, to := pose(0, 0, 50, 0), pose(500, 200, 50, 1)
	tests := []struct {
		name string
		m    Model
		step float64
		want error // nil: any error
	}{
		{"dubins bad step", Dubins{Radius: 100, Airspeed: 25}, 0, nil},
		{"dubins bad radius", Dubins{Airspeed: 25}, 40, nil},
		{"trochoid wind too strong", Trochoid{Radius: 100, Airspeed: 25, Wind: Wind{X: 30}}, 40, ErrWindTooStrong},
		{"multirotor wind too strong", Multirotor{Airspeed: 5, Wind: Wind{Y: 5}}, 40, ErrWindTooStrong},
		{"fallback bad step", fullOnly{Multirotor{Airspeed: 5}}, math.Inf(1), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Path
			errFull := tt.m.Steer(&p, from, to, tt.step)
			errLim := SteerLimited(tt.m, &p, from, to, tt.step, 100, 100)
			if errFull == nil || errLim == nil || errFull.Error() != errLim.Error() {
				t.Fatalf("Steer: %v; SteerLimited: %v; want the same error", errFull, errLim)
			}
			if tt.want != nil && !errors.Is(errLim, tt.want) {
				t.Fatalf("error %v, want %v", errLim, tt.want)
			}
		})
	}
}
