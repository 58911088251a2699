// Command tigris is a real-time informative path planner for UAVs: it plans
// where a drone should fly to find targets, simulates missions and compares
// planners. See README.md and DESIGN.md.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// command is one subcommand: its name, a one-line summary and its entry
// point, which parses its own flags.
type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"sim", "simulate a mission closed-loop and summarise it (the main job)", runSim},
		{"plan", "plan one path from the mission's start pose", runPlan},
		{"score", "score a given pose sequence with the mission's reward", runScore},
		{"bench", "compare planners closed-loop over missions and seeds; report, plots, OMPL logs", runBench},
		{"fly", "plan onboard and fly a PX4 or ArduPilot vehicle over MAVLink", runFly},
		{"vehicle", "a simulated PX4 or ArduPilot vehicle over MAVLink, for tigris fly", runVehicle},
		{"scenarios", "list the embedded example missions, or print one", runScenarios},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes a command line and returns the process exit status: 0 on
// success, 2 for bad input (flags, mission or path files), 1 for failures.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(args[1:], stdout, stderr)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		default:
			fmt.Fprintf(stderr, "tigris %s: %v\n", c.name, err)
			var ie *InputError
			if errors.As(err, &ie) {
				return 2
			}
			return 1
		}
	}
	fmt.Fprintf(stderr, "tigris: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: tigris <command> [flags]   (tigris <command> -h for its flags)")
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
}

// newFlagSet makes a subcommand's flag set whose parse errors are input
// errors (exit status 2).
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("tigris "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &InputError{Err: err}
	}
	if fs.NArg() > 0 {
		return inputErrorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

func runScenarios(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("scenarios", stderr)
	dir := fs.String("dir", "", "write scenario NAME and the files it references (KML, GeoJSON) into this directory instead of printing it")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &InputError{Err: err}
	}
	switch fs.NArg() {
	case 0:
		if *dir != "" {
			return inputErrorf("-dir needs a scenario name")
		}
		for _, name := range scenarioNames() {
			b, _ := scenarioText(name)
			fmt.Fprintf(stdout, "%-24s %s\n", name, scenarioSummary(b))
		}
		return nil
	case 1:
		b, ok := scenarioText(fs.Arg(0))
		if !ok {
			return inputErrorf("no scenario %q (have: %v)", fs.Arg(0), scenarioNames())
		}
		if *dir != "" {
			return writeScenario(*dir, fs.Arg(0), b, stdout)
		}
		_, err := stdout.Write(b)
		return err
	default:
		return inputErrorf("scenarios takes at most one name")
	}
}

// scenarioSummary is the first comment line of a mission file.
func scenarioSummary(b []byte) string {
	for line := range bytes.Lines(b) {
		if text, ok := bytes.CutPrefix(bytes.TrimSpace(line), []byte("# ")); ok {
			return string(text)
		}
	}
	return ""
}

// printJSON writes v as one indented JSON object: the -json output of the
// commands.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
