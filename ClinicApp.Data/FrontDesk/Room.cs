using ClinicApp.Data.Common;

namespace ClinicApp.Data.FrontDesk;

/// <summary>A consulting room, surgery theatre or other bookable place.</summary>
public sealed class Room : Entity
{
    public required string Name { get; set; }

    public int Order { get; set; }

    public bool IsActive { get; set; } = true;
}
