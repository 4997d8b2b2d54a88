namespace ClinicApp.Common;

/// <summary>One page of a list the screen pages through, with the count of the whole list.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);
