package geo

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

func TestOriginRoundTrip(t *testing.T) {
	origins := []Origin{
		{Lat: 47.3977, Lon: 8.5456, Alt: 488},
		{Lat: -33.87, Lon: 151.21, Alt: 20},
		{Lat: 0, Lon: 0, Alt: 0},
		{Lat: 78.22, Lon: 15.65, Alt: 10},
		{Lat: 40.4, Lon: -179.99, Alt: 100},
	}
	offsets := []r3.Vec{{}, {X: 20000}, {Y: -20000}, {X: 14000, Y: 14000, Z: 120}, {X: -3, Y: 7, Z: -50}}
	for _, o := range origins {
		for _, v := range offsets {
			lat, lon, alt := o.FromENU(v)
			got := o.ToENU(lat, lon, alt)
			if d := r3.Norm(r3.Sub(got, v)); d > 1e-6 {
				t.Errorf("origin %+v: ENU %v -> (%v, %v, %v) -> %v, off by %g m", o, v, lat, lon, alt, got, d)
			}
		}
	}
}

func TestToECEFReference(t *testing.T) {
	// GeographicLib's CartConvert(1) example: Mount Everest.
	got := ToECEF(27.99, 86.93, 8820)
	want := r3.Vec{X: 302271.4, Y: 5635928.4, Z: 2979666.1}
	if d := r3.Norm(r3.Sub(got, want)); d > 0.1 {
		t.Errorf("ToECEF(Everest) = %v, want %v (off by %g m)", got, want, d)
	}
	lat, lon, alt := FromECEF(got)
	if math.Abs(lat-27.99) > 1e-11 || math.Abs(lon-86.93) > 1e-11 || math.Abs(alt-8820) > 1e-6 {
		t.Errorf("FromECEF(ToECEF(Everest)) = (%v, %v, %v)", lat, lon, alt)
	}
}
