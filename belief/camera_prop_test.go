package belief

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"
	"pgregory.net/rapid"
)

// For any pose and attitude the footprint is a convex, counter-clockwise
// polygon within MaxRange whose every vertex the camera actually sees (its
// direction lies inside the view frustum), and a footprint with a larger
// MaxRange contains it.
func TestFootprintProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cam := Camera{
			FocalLength:  rapid.Float64Range(5, 50).Draw(t, "f"),
			SensorWidth:  rapid.Float64Range(2, 20).Draw(t, "w"),
			SensorHeight: rapid.Float64Range(2, 20).Draw(t, "h"),
			Pitch:        rapid.Float64Range(0.05, math.Pi/2).Draw(t, "pitch"),
			MaxRange:     rapid.Float64Range(50, 1500).Draw(t, "range"),
		}
		pos := r3.Vec{
			X: rapid.Float64Range(-1e4, 1e4).Draw(t, "x"),
			Y: rapid.Float64Range(-1e4, 1e4).Draw(t, "y"),
			Z: rapid.Float64Range(1, 1000).Draw(t, "z"),
		}
		roll := rapid.Float64Range(-0.6, 0.6).Draw(t, "roll")
		bodyPitch := rapid.Float64Range(-0.3, 0.3).Draw(t, "bodyPitch")
		yaw := rapid.Float64Range(-4, 4).Draw(t, "yaw")

		fp := cam.FootprintWithAttitude(nil, pos, roll, bodyPitch, yaw)
		if len(fp) == 0 {
			return
		}
		if len(fp) < 3 {
			t.Fatalf("%d vertices", len(fp))
		}
		if signedArea(fp) <= 0 {
			t.Fatalf("area %v, want a counter-clockwise polygon", signedArea(fp))
		}
		scale := cam.MaxRange
		rays := cam.rays(roll, cam.Pitch+bodyPitch, yaw)
		axis := r3.Add(r3.Add(rays[0], rays[1]), r3.Add(rays[2], rays[3]))
		for k, v := range fp {
			d := r3.Sub(r3.Vec{X: v.X, Y: v.Y}, pos)
			if n := r3.Norm(d); n > cam.MaxRange*(1+1e-9) {
				t.Fatalf("vertex %d is %v away, beyond %v", k, n, cam.MaxRange)
			}
			for s := range 4 {
				// Inside the frustum: on the inner side of every face.
				nrm := r3.Cross(rays[s], rays[(s+1)%4])
				if r3.Dot(nrm, axis) < 0 {
					nrm = r3.Scale(-1, nrm)
				}
				if r3.Dot(nrm, d) < -1e-9*scale*r3.Norm(nrm) {
					t.Fatalf("vertex %d %v is outside face %d of the frustum", k, v, s)
				}
			}
			a, b := fp[(k+1)%len(fp)], fp[(k+2)%len(fp)]
			if r2.Cross(r2.Sub(a, v), r2.Sub(b, a)) < -1e-9*scale*scale {
				t.Fatalf("not convex at vertex %d", (k+1)%len(fp))
			}
		}
		wide := cam
		wide.MaxRange *= 1.5
		big := wide.FootprintWithAttitude(nil, pos, roll, bodyPitch, yaw)
		for k, v := range fp {
			if !convexContainsTol(big, v, 1e-6*scale) {
				t.Fatalf("vertex %d %v is outside the footprint with a longer range", k, v)
			}
		}
	})
}

// convexContainsTol is convexContains for a counter-clockwise polygon with a
// distance tolerance.
func convexContainsTol(poly []r2.Vec, p r2.Vec, tol float64) bool {
	for k := range poly {
		a, b := poly[k], poly[(k+1)%len(poly)]
		if r2.Cross(r2.Sub(b, a), r2.Sub(p, a)) < -tol*r2.Norm(r2.Sub(b, a)) {
			return false
		}
	}
	return true
}
