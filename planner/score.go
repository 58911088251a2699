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
}

// Score evaluates a hand-made path the way the planner evaluates a branch of
// its tree: the first pose is the root, every later pose is a node reached by
// steering from the previous one with the problem's motion model (the whole
// curve, not cut by extend_dist or the budget), and each node's reward is its
// parent's plus the gain of its edge and footprint on the branch belief.
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
	deltas := make([]*reward.Delta, len(poses))
	branch := make([]*reward.Delta, 0, len(poses))
	scores := make([]NodeScore, len(poses))
	deltas[0] = new(reward.Delta)
	g := ev.Gain(nil, reward.Visit{Pose: poses[0]}, deltas[0])
	scores[0] = NodeScore{Gain: g, Reward: g}
	var path motion.Path
	for k := 1; k < len(poses); k++ {
		if err := prob.Model.Steer(&path, poses[k-1], poses[k], step); err != nil {
			return nil, fmt.Errorf("pose %d: %w", k, err)
		}
		prev := scores[k-1]
		s := NodeScore{Cost: prev.Cost + path.Length(), Time: prev.Time + path.Duration()}
		s.Blocked = prob.Validator.FirstInvalid(&path) < len(path.States)
		straight, has := longestStraight(&path)
		branch = branch[:0]
		for j := k - 1; j >= 0; j-- {
			branch = append(branch, deltas[j])
		}
		deltas[k] = new(reward.Delta)
		pose := path.States[len(path.States)-1]
		pose.Heading = motion.WrapPi(pose.Heading)
		s.Gain = ev.Gain(branch, reward.Visit{Pose: pose, Straight: straight, HasStraight: has, Time: s.Time}, deltas[k])
		s.Reward = prev.Reward + s.Gain
		scores[k] = s
	}
	return scores, nil
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
