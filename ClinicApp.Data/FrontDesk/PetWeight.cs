using ClinicApp.Data.Common;

namespace ClinicApp.Data.FrontDesk;

public sealed class PetWeight : Entity
{
    public Guid PetId { get; set; }

    public DateTime MeasuredAt { get; set; }

    public decimal Kilograms { get; set; }

    public Guid? RecordedById { get; set; }
}
