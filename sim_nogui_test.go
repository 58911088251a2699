//go:build !gui

package main

import (
	"context"
	"errors"
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
