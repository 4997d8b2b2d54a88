using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

public sealed class Bed : Entity
{
    public Guid WardId { get; set; }

    public Ward? Ward { get; set; }

    public required string Name { get; set; }

    public int Order { get; set; }

    public bool IsActive { get; set; } = true;
}
