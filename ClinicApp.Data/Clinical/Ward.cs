using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

/// <summary>A ward of the hospitalization area; isolation wards hold infectious patients.</summary>
public sealed class Ward : Entity
{
    public required string Name { get; set; }

    public bool IsIsolation { get; set; }

    public int Order { get; set; }

    public bool IsActive { get; set; } = true;

    public List<Bed> Beds { get; set; } = [];
}
