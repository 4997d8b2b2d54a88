using ClinicApp.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicApp.Data.Analytics;

/// <summary>What the analytics dashboard keeps per local day of the hospital: one closed day's figures of one
/// section (<see cref="Kind"/>), summed from its rows, so a year is 365 small rows instead of hundreds of thousands.
/// A cache in the hospital's own database: it can always be computed again from the rows, it is never the
/// record of anything, and a day is used only while no <see cref="AnalyticsStaleDay"/> names it and its
/// <see cref="Stamp"/> (the settings it was computed under) still holds.</summary>
public sealed class AnalyticsDay : INotAudited
{
    public string Kind { get; set; } = "";

    /// <summary>The hospital's local day.</summary>
    public DateOnly Day { get; set; }

    /// <summary>The version of the payload's shape and the settings the day was computed with (time zone,
    /// tolerance, shifts): a day computed under others is computed again.</summary>
    public string Stamp { get; set; } = "";

    /// <summary>The longest <see cref="Payload"/> kept.</summary>
    public const int MaxPayload = 4_000_000;

    /// <summary>The day's figures, JSON.</summary>
    public string Payload { get; set; } = "";

    public DateTime ComputedAt { get; set; }
}

/// <summary>A day whose stored figures of a <see cref="Kind"/> may no longer match its rows: written in the same
/// transaction as the change of a row the figures are made of (<c>AnalyticsStaleDaysInterceptor</c>), removed by
/// whoever computes the day again. Append-only for writers, so two saves never contend for one row.</summary>
public sealed class AnalyticsStaleDay : INotAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Kind { get; set; } = "";

    public DateOnly Day { get; set; }

    public DateTime MarkedAt { get; set; }
}

/// <summary>The kinds of day figures, one per dashboard section that keeps them.</summary>
public static class AnalyticsDayKind
{
    public const string Revenue = "revenue";

    /// <summary>Revenue at risk: care not charged, by the day it was given.</summary>
    public const string Risk = "risk";
    public const string Agenda = "agenda";
    public const string Care = "care";
}

internal sealed class AnalyticsDayConfiguration : IEntityTypeConfiguration<AnalyticsDay>
{
    public void Configure(EntityTypeBuilder<AnalyticsDay> builder)
    {
        builder.HasKey(d => new { d.Kind, d.Day });
        builder.Property(d => d.Kind).HasMaxLength(20);
        builder.Property(d => d.Stamp).HasMaxLength(400);

        // Written by the app, never typed: a busy day's sales list a few hundred products (tens of KB). The bound is
        // there so no column is unbounded; a day over it is simply not kept (DailyFigures logs it).
        builder.Property(d => d.Payload).HasMaxLength(AnalyticsDay.MaxPayload);
    }
}

internal sealed class AnalyticsStaleDayConfiguration : IEntityTypeConfiguration<AnalyticsStaleDay>
{
    public void Configure(EntityTypeBuilder<AnalyticsStaleDay> builder)
    {
        builder.Property(d => d.Kind).HasMaxLength(20);
        builder.HasIndex(d => new { d.Kind, d.Day });
    }
}
