//go:build !gui

package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tigris-uav/tigris/viz"
)

func TestRunWindowWithoutGUIBuild(t *testing.T) {
	started := false
	err := runWindow(context.Background(), "test", func(context.Context, func(*viz.Frame) bool) error {
		started = true
		return nil
	})
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want an input error (exit status 2)", err)
	}
	if started {
		t.Error("the work started although there is no window")
	}
}

// `fly -gui` from a binary without the window fails before it looks for an
// autopilot, and `sim -gui` before it simulates.
func TestGUIFlagWithoutGUIBuild(t *testing.T) {
	for _, args := range [][]string{
		{"fly", "-gui", "-mission", "field-multirotor", "-connect", "udp://127.0.0.1:9", "-wait", "1h"},
		{"sim", "-gui", "-mission", "field-multirotor"},
	} {
		code, stdout, stderr := runCLI(t, args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, "-tags gui") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 naming -tags gui", args, code, stdout, stderr)
		}
	}
}
