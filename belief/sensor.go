package belief

// Sensor is the camera together with its detection tables. A cell's sensor
// model (Grid.Model) selects the table: Tables[Grid.Model[k]].
type Sensor struct {
	Camera Camera
	Tables []Table // indexed by Grid.Model values
}

// Rates returns the true-positive and true-negative rates of sensor model
// model at slant range r. A model without a table gives 0.5, 0.5, which
// leaves every belief unchanged.
func (s *Sensor) Rates(model uint8, r float64) (tpr, tnr float64) {
	if int(model) >= len(s.Tables) {
		return 0.5, 0.5
	}
	return s.Tables[model].Rates(r)
}

// HasModel reports whether the sensor defines model id: a table exists for
// it. Ids the mission skipped (Sensor.Tables has an entry for every id up to
// the largest) are not defined.
func (s *Sensor) HasModel(id int) bool {
	return id >= 0 && id < len(s.Tables) && len(s.Tables[id].TPR) > 0
}
