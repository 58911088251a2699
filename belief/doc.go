// Package belief is what the UAV believes about the ground: a grid of cells,
// each with the probability that an undetected target is there, and the camera
// and detection model that say how a view changes that belief (the model of
// IA-TIGRIS, model §3).
//
// # The grid
//
// A Grid covers the bounding box of the search polygon (map.bounds). Its
// geometry follows the reference exactly, because rewards depend on it: the
// polygon's vertices are truncated toward zero to whole metres, the grid
// starts at the smallest of them, and the number of rows (along x) and
// columns (along y) is the extent divided by the resolution, rounded down, so
// a partial last row is dropped. Cell (i, j) is stored at i*Cols + j; its
// lower-left corner (Grid.Corner) is the point that ranges and containment
// use, its centre (Grid.Center) is where the planner's sampler aims.
//
// # The layers
//
// Each cell has three values: Prob, the probability of an undetected target
// (DefaultProbability 1e-6 everywhere at first, not 0.5, so only the priors
// carry information); Priority, a reward multiplier (1); and Model, the index
// of the detection table that applies there (0). A cell whose 4 corners are
// not all inside map.bounds starts at probability 0 — inclusive of the
// boundary for a convex polygon, strictly inside for a concave one, as the
// reference does.
//
// Priors then overwrite the layers in the order given (NewGrid): a polygon
// covers each cell with at least one corner inside it (so it may re-enable a
// cell the bounds zeroed; that is the model), a line every cell its segments
// pass through, a point its cell, and a Gaussian blob the cells whose centre
// gets at least 1 % of its peak, with the blob's value as the probability.
//
// # The camera
//
// Camera is a pinhole camera pitched below the horizon. Footprint projects
// the four image corners onto the ground plane: for the shipped
// configurations a trapezoid whose vertices run near-right, far-right,
// far-left, near-left. The footprint is clipped to the sensor's largest
// max_range: where a corner ray would reach the ground beyond it, the
// polygon follows the circle where the range sphere meets the ground, so it
// gains vertices but stays convex. Grid.FootprintBox and Grid.CellInConvex
// are the two cheap tests every reward evaluation makes: the candidate cells
// of a footprint's bounding box, then "all 4 corners inside".
//
// # Detection tables
//
// A Table gives the true-positive and true-negative rates by slant range,
// read at the nearest tabulated range and clamped at the ends, never
// interpolated. The reference's four tables are embedded (TableNames); a
// mission may name a file or write the rows inline. A Sensor is the camera
// with its tables, indexed by the grid's Model layer.
//
// # Two updates
//
// Update is the planner's deterministic pseudo-measurement: it assumes the
// most likely outcome (a detection if p > 0.5, a miss otherwise) and returns
// the posterior and the entropy drop in bits, which is the information reward.
// PseudoObserveFootprint applies it to every cell fully inside a footprint,
// as the reference's flight loop does.
//
// Observe is the Bayes update with what the detector actually reported, and
// ObserveFootprint applies it to a footprint: a miss lowers a cell's
// probability, a detection raises it, each by the table's rates at the
// cell's range. The simulator and the flight loop use this one, which the
// reference never did.
//
// The package does no I/O and keeps no clock; NewSensor takes a function to
// open table files so that the caller decides where they come from.
package belief
