package planner

import (
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/motion"
)

// MCTS's primitives aim at the mission's flight altitude, as every planner's
// viewpoints do, even from a start far above it.
func TestMCTSPrimitivesFlyAtTheMissionAltitude(t *testing.T) {
	m := fixedWing()
	prob := m.problem(t)
	mc, err := newMCTS(prob)
	if err != nil {
		t.Fatal(err)
	}
	high := motion.Pose{Vec: r3.Vec{X: 4500, Y: 2500, Z: 110}, Heading: 3}
	for a := range mctsActions {
		if got := mc.primitive(high, a).Z; got != prob.Altitude {
			t.Errorf("action %d aims at z = %v, want the mission's %v", a, got, prob.Altitude)
		}
	}
}
