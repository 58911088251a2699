package mavlink

import (
	"testing"
	"time"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
)

// Detections are remembered for the reward terms: a report near an earlier
// one renews it, a report elsewhere is a new target, times count from launch.
func TestRememberDetections(t *testing.T) {
	launch := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	f := &flight{grid: &belief.Grid{Res: 10}, launched: launch}
	f.remember(r2.Vec{X: 100, Y: 100}, launch.Add(5*time.Second))
	f.remember(r2.Vec{X: 112, Y: 100}, launch.Add(8*time.Second))
	f.remember(r2.Vec{X: 400, Y: 100}, launch.Add(9*time.Second))
	if len(f.found) != 2 {
		t.Fatalf("%d remembered targets, want 2: %+v", len(f.found), f.found)
	}
	if got := f.found[0]; got.Pos.X != 112 || got.Time != 8 {
		t.Errorf("the renewed report: %+v, want x 112 at 8 s", got)
	}
	if got := f.found[1]; got.Pos.X != 400 || got.Time != 9 {
		t.Errorf("the second target: %+v, want x 400 at 9 s", got)
	}
	before := &flight{grid: &belief.Grid{Res: 10}}
	if got := before.missionTime(launch); got != 0 {
		t.Errorf("mission time before launch = %v, want 0", got)
	}
}
