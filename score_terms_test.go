package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// `tigris score -json` splits the reward by term: each node's terms sum to
// its gain, the totals to the reward, and an end_region mission says
// whether the path ends where it must.
func TestScoreReportsTerms(t *testing.T) {
	score := func(mission, path string) scoreOutput {
		t.Helper()
		code, stdout, stderr := runCLI(t, "score", "-mission", mission, "-path", writeFile(t, "p.yaml", path), "-json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", mission, code, stderr)
		}
		var out scoreOutput
		if err := json.Unmarshal([]byte(stdout), &out); err != nil {
			t.Fatalf("%s: bad JSON: %v\n%s", mission, err, stdout)
		}
		return out
	}
	// Through the standoff point of reward-standoff, then away.
	near := score("reward-standoff", `
- {x: 1500, y: 200, z: 50, heading_deg: 90}
- {x: 1500, y: 1500, z: 50, heading_deg: 90}
- {x: 1500, y: 2600, z: 50, heading_deg: 90}
`)
	if len(near.Terms) != 2 || !(near.Terms["entropy"] > 0) || !(near.Terms["standoff"] < 0) {
		t.Errorf("reward-standoff totals %v: want entropy > 0 and a standoff penalty", near.Terms)
	}
	sum := 0.0
	for _, v := range near.Terms {
		sum += v
	}
	if math.Abs(sum-near.Reward) > 1e-9*math.Max(1, near.Reward) || near.EndOK != nil {
		t.Errorf("terms %v sum to %v, reward %v (end_ok %v)", near.Terms, sum, near.Reward, near.EndOK)
	}
	for k, n := range near.Nodes {
		s := 0.0
		for _, v := range n.Terms {
			s += v
		}
		if math.Abs(s-n.Gain) > 1e-9*math.Max(1, n.Gain) {
			t.Errorf("node %d: terms %v sum to %v, gain %v", k, n.Terms, s, n.Gain)
		}
	}

	out := "- {x: 1500, y: 200, z: 50, heading_deg: 90}\n- {x: 1500, y: 1800, z: 50, heading_deg: 90}\n"
	away := score("reward-end-region", out)
	home := score("reward-end-region", out+"- {x: 1500, y: 300, z: 50, heading_deg: 270}\n")
	if away.EndOK == nil || *away.EndOK || away.Terms["end_region"] != 0 {
		t.Errorf("ending 1.6 km from home: end_ok %v, bonus %v", away.EndOK, away.Terms["end_region"])
	}
	last := home.Nodes[len(home.Nodes)-1]
	if home.EndOK == nil || !*home.EndOK || home.Terms["end_region"] != 50 || math.Abs(home.Reward-(last.Reward+50)) > 1e-9 {
		t.Errorf("ending at home: end_ok %v, bonus %v, reward %v (last node %v)", home.EndOK, home.Terms["end_region"], home.Reward, last.Reward)
	}
	if _, ok := last.Terms["end_region"]; ok {
		t.Error("a node's terms carry the end_region bonus; it belongs to the path's end")
	}

	code, text, _ := runCLI(t, "score", "-mission", "reward-end-region", "-path", writeFile(t, "p.yaml", out))
	if code != 0 || !strings.Contains(text, "end_region") || !strings.Contains(text, "does not end in the required end region") {
		t.Errorf("readable output: exit %d\n%s", code, text)
	}
}

// An unknown term or a bad weight is an input error naming the key.
func TestBadRewardTerms(t *testing.T) {
	cases := []struct{ name, terms, want string }{
		{"unknown kind", "[{kind: coverage, weight: 1}]", `reward.terms[0].kind: unknown kind "coverage"`},
		{"bad weight", "[{kind: entropy, weight: -2}]", "reward.terms[0].weight"},
		{"turn weight", "[{kind: entropy, weight: 1}, {kind: no_info_on_turns, weight: 3}]", "reward.terms[1].weight: must be in [0, 1]"},
		{"key of another kind", "[{kind: detection, weight: 1, radius: 50}]", "reward.terms[0].radius: not a key of kind detection"},
		{"unknown key", "[{kind: entropy, weight: 1, colour: red}]", "unknown key"},
		{"standoff without radius", "[{kind: standoff, weight: 1, points: [[1, 2]]}]", "reward.terms[0].radius"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeMission(t, goodMission+"reward: {terms: "+c.terms+"}\n")
			code, stdout, stderr := runCLI(t, "score", "-mission", p, "-path", writeFile(t, "p.yaml", "- {x: 100, y: 100, z: 50, heading_deg: 0}"))
			if code != 2 || stdout != "" || !strings.Contains(stderr, p) || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want 2 and a message naming %s and %q", code, stderr, p, c.want)
			}
		})
	}
}
