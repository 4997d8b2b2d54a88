namespace ClinicApp.Features.Home;

/// <summary>A slot on the admin's home: cards other areas show the admins (the last backup's state), without
/// Home depending on them. Rendered for admins only.</summary>
public sealed record AdminHomeCards;
