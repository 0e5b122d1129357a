package access

import "github.com/digitalrat/digitalrat/internal/model"

// CanManageKPIs reports whether u may create and change the KPIs of a project owned by ownerUnit and
// record their measurements: verified officials of the owning department, and admins. Everyone reads
// the KPIs of the projects they can see (every project is public).
func CanManageKPIs(u *model.User, ownerUnit string) bool {
	return IsVerified(u) && CanManageProject(u, ownerUnit)
}

// KPIPermissions are what u may do with one KPI.
type KPIPermissions struct {
	Edit              bool `json:"edit"`
	RecordMeasurement bool `json:"record_measurement"`
}

// ForKPI returns the permissions of u on a KPI of a project owned by ownerUnit.
func ForKPI(u *model.User, ownerUnit string) KPIPermissions {
	m := CanManageKPIs(u, ownerUnit)
	return KPIPermissions{Edit: m, RecordMeasurement: m}
}

// CanFollowAllKPIs reports whether u may follow the live topic kpis, the KPI events of every project:
// everyone, anonymous visitors included, as the KPIs, their figures and the cockpit are public. The events
// carry ids and versions only, never more than GET /kpis/{id} shows.
func CanFollowAllKPIs(*model.User) bool { return true }
