package planner

import (
	"errors"
	"fmt"

	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

// NodeScore is what the reward model thinks of one pose of a given path: the
// gain of reaching it (its edge and its own camera footprint), the cumulative
// reward, cost (m) and time (s) from the first pose, and whether the edge into
// it enters a keep-out or leaves the bounds.
type NodeScore struct {
	Gain, Reward, Cost, Time float64
	Blocked                  bool
	// Terms splits Gain by reward term, in the order of
	// Problem.Reward.ActiveTerms() (see reward.Evaluator.GainTerms).
	Terms []float64
	// Turning reports that the vehicle banks at this pose (its edge ends in
	// a turn), which the no_info_on_turns term discounts.
	Turning bool
	// Bonus and EndOK are what ending the path at this pose would add by
	// the end_region term, and whether it would satisfy a required end
	// region (reward.Evaluator.Terminal).
	Bonus float64
	EndOK bool
}

// Score evaluates a hand-made path the way the planner evaluates a branch of
// its tree: the first pose is the root, every later pose is a node reached by
// steering from the previous one with the problem's motion model (the whole
// curve, not cut by extend_dist or the budget), and each node's reward is its
// parent's plus the gain of its edge and footprint on the branch belief. The
// path's total is the last node's Reward plus its Bonus.
func Score(prob Problem, poses []motion.Pose) ([]NodeScore, error) {
	if len(poses) == 0 {
		return nil, errors.New("no poses to score")
	}
	if prob.Model == nil || prob.Grid == nil || prob.Sensor == nil {
		return nil, errors.New("planner: Score needs a model, a grid and a sensor")
	}
	step := prob.Config.WithDefaults().Step
	ev, err := reward.NewEvaluator(prob.Grid, prob.Sensor, prob.Reward)
	if err != nil {
		return nil, err
	}
	nTerms := len(ev.Terms())
	deltas := make([]*reward.Delta, len(poses))
	branch := make([]*reward.Delta, 0, len(poses))
	scores := make([]NodeScore, len(poses))
	deltas[0] = new(reward.Delta)
	s0 := NodeScore{Terms: make([]float64, nTerms)}
	s0.Gain = ev.GainTerms(nil, reward.Visit{Pose: poses[0]}, deltas[0], s0.Terms)
	s0.Reward = s0.Gain
	s0.Bonus, s0.EndOK = ev.Terminal(poses[0], 0)
	scores[0] = s0
	var path motion.Path
	for k := 1; k < len(poses); k++ {
		if err := prob.Model.Steer(&path, poses[k-1], poses[k], step); err != nil {
			return nil, fmt.Errorf("pose %d: %w", k, err)
		}
		prev := scores[k-1]
		s := NodeScore{Cost: prev.Cost + path.Length(), Time: prev.Time + path.Duration(), Terms: make([]float64, nTerms)}
		s.Blocked = prob.Validator.FirstInvalid(&path) < len(path.States)
		s.Turning = endsInTurn(&path)
		straight, has := longestStraight(&path)
		branch = branch[:0]
		for j := k - 1; j >= 0; j-- {
			branch = append(branch, deltas[j])
		}
		deltas[k] = new(reward.Delta)
		pose := path.States[len(path.States)-1]
		pose.Heading = motion.WrapPi(pose.Heading)
		v := reward.Visit{Pose: pose, Straight: straight, HasStraight: has, Time: s.Time, Turning: s.Turning, Edge: path.States}
		s.Gain = ev.GainTerms(branch, v, deltas[k], s.Terms)
		s.Reward = prev.Reward + s.Gain
		s.Bonus, s.EndOK = ev.Terminal(pose, s.Time)
		scores[k] = s
	}
	return scores, nil
}

// endsInTurn reports whether an edge ends on a turn rather than on a
// straight part: a fixed-wing vehicle is then banking at the node, and its
// camera looks off the ground (reward.Visit.Turning). A turn in place (a
// multirotor's yaw at the goal) flies no distance and does not count.
func endsInTurn(path *motion.Path) bool {
	n := len(path.States)
	if n < 2 {
		return false
	}
	end := path.Dist[n-1]
	if !(end > minEdge) {
		return false
	}
	for _, s := range path.Straights {
		if s.To >= end-minEdge {
			return false
		}
	}
	return true
}

// longestStraight picks the straight part of an edge that its node's swept
// reward uses: the longest one longer than minEdge.
func longestStraight(path *motion.Path) (motion.Straight, bool) {
	var best motion.Straight
	has := false
	for _, s := range path.Straights {
		if l := s.To - s.From; l > minEdge && (!has || l > best.To-best.From) {
			best, has = s, true
		}
	}
	return best, has
}
