package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"go.yaml.in/yaml/v3"

	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/planner"
	"github.com/tigris-uav/tigris/reward"
)

// scoreOutput is `tigris score -json` (DESIGN §4). Terms splits the reward
// by reward term (mission reward.terms); they sum to Reward. EndOK is there
// when the mission has an end_region term: whether the path ends where a
// required region demands.
type scoreOutput struct {
	Mission string             `json:"mission"`
	Reward  float64            `json:"reward"`
	Cost    float64            `json:"cost"`
	TimeS   float64            `json:"time_s"`
	Terms   map[string]float64 `json:"terms"`
	EndOK   *bool              `json:"end_ok,omitempty"`
	Nodes   []scoreNode        `json:"nodes"`
}

// scoreNode is one pose; its terms sum to its gain (the end_region bonus
// belongs to the path's end only, so it appears in the totals).
type scoreNode struct {
	waypoint
	Gain    float64            `json:"gain"`
	Reward  float64            `json:"reward"`
	Cost    float64            `json:"cost"`
	TimeS   float64            `json:"time_s"`
	Terms   map[string]float64 `json:"terms"`
	Turning bool               `json:"turning,omitempty"`
	Blocked bool               `json:"blocked,omitempty"`
}

func runScore(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("score", stderr)
	missionRef := fs.String("mission", "", "mission file or embedded scenario name (required)")
	pathFile := fs.String("path", "", "YAML list of poses {x, y, z, heading_deg} to score (required)")
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *missionRef == "" || *pathFile == "" {
		return inputErrorf("-mission and -path are both required")
	}
	m, err := loadMission(*missionRef)
	if err != nil {
		return err
	}
	poses, err := readPathFile(*pathFile)
	if err != nil {
		return err
	}
	w, err := m.build()
	if err != nil {
		return err
	}
	scores, err := planner.Score(w.Problem, poses)
	if err != nil {
		return &InputError{Err: fmt.Errorf("%s: %w", *pathFile, err)}
	}
	out := scoreOutput{Mission: m.Name, Terms: map[string]float64{}}
	terms := w.Problem.Reward.ActiveTerms()
	for i, s := range scores {
		n := scoreNode{
			waypoint: toWaypoint(poses[i]), Gain: s.Gain, Reward: s.Reward, Cost: s.Cost, TimeS: s.Time,
			Terms: make(map[string]float64, len(terms)), Turning: s.Turning, Blocked: s.Blocked,
		}
		for k, t := range terms {
			if t.Kind != reward.TermEndRegion {
				n.Terms[t.Kind] = s.Terms[k]
				out.Terms[t.Kind] += s.Terms[k]
			}
		}
		out.Nodes = append(out.Nodes, n)
	}
	last := scores[len(scores)-1]
	out.Reward, out.Cost, out.TimeS = last.Reward+last.Bonus, last.Cost, last.Time
	for _, t := range terms {
		if t.Kind == reward.TermEndRegion {
			out.Terms[t.Kind] = last.Bonus
			out.EndOK = &last.EndOK
		}
	}
	if *asJSON {
		return printJSON(stdout, out)
	}
	fmt.Fprintf(stdout, "%4s %9s %9s %6s %8s %10s %10s\n", "pose", "x", "y", "z", "hdg_deg", "gain", "reward")
	for i, n := range out.Nodes {
		note := ""
		if n.Blocked {
			note = "  (enters a keep-out or leaves the bounds)"
		}
		fmt.Fprintf(stdout, "%4d %9.1f %9.1f %6.1f %8.1f %10.4f %10.4f%s\n", i, n.X, n.Y, n.Z, n.HeadingDeg, n.Gain, n.Reward, note)
	}
	fmt.Fprintf(stdout, "total reward %.4f bits over %.0f m (%.0f s)\n", out.Reward, out.Cost, out.TimeS)
	if len(terms) > 1 || terms[0].Kind != reward.TermEntropy {
		for _, t := range terms {
			fmt.Fprintf(stdout, "  %-17s %10.4f\n", t.Kind, out.Terms[t.Kind])
		}
	}
	if out.EndOK != nil && !*out.EndOK {
		fmt.Fprintln(stdout, "the path does not end in the required end region")
	}
	return nil
}

// readPathFile reads a path file strictly: a non-empty YAML list of poses with
// finite numbers and no unknown keys.
func readPathFile(name string) ([]motion.Pose, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, &InputError{Err: err}
	}
	return parsePath(data, name)
}

func parsePath(data []byte, name string) ([]motion.Pose, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, inputErrorf("%s: %s", name, err)
	}
	var wps []waypoint
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&wps); err != nil && !errors.Is(err, io.EOF) {
		return nil, inputErrorf("%s: %s (a path file is a list of {x, y, z, heading_deg})", name, describeYAMLError(err, &doc))
	}
	if len(wps) == 0 {
		return nil, inputErrorf("%s: the path is empty; give at least one pose {x, y, z, heading_deg}", name)
	}
	poses := make([]motion.Pose, len(wps))
	for i, w := range wps {
		for _, v := range []float64{w.X, w.Y, w.Z, w.HeadingDeg} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, inputErrorf("%s: [%d]: pose has a non-finite number", name, i)
			}
		}
		poses[i].X, poses[i].Y, poses[i].Z = w.X, w.Y, w.Z
		poses[i].Heading = motion.WrapPi(w.HeadingDeg * math.Pi / 180)
	}
	return poses, nil
}
