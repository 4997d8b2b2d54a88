using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicApp.Data.Exports;

internal sealed class DataExportConfiguration : IEntityTypeConfiguration<DataExport>
{
    public void Configure(EntityTypeBuilder<DataExport> export)
    {
        export.Property(e => e.RequestedByName).HasMaxLength(256);
        export.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        export.Property(e => e.FileName).HasMaxLength(200);
        export.Property(e => e.Error).HasMaxLength(200);
        export.HasIndex(e => e.RequestedAt);
    }
}
