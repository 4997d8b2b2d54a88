using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;

namespace ClinicApp.Data.Clinical;

/// <summary>The reference range of one vital for one species (per hospital, editable by admins):
/// outside Normal is shown in red; outside Critical raises an emergency alert. A null bound is open.</summary>
public sealed class VitalRange : Entity
{
    public Species Species { get; set; }

    public Vital Vital { get; set; }

    public decimal? NormalMin { get; set; }

    public decimal? NormalMax { get; set; }

    public decimal? CriticalMin { get; set; }

    public decimal? CriticalMax { get; set; }

    public bool IsAbnormal(decimal value) => value < NormalMin || value > NormalMax;

    public bool IsCritical(decimal value) => value < CriticalMin || value > CriticalMax;
}
