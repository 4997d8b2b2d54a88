using System.Net;
using System.Text.RegularExpressions;
using ClinicApp.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Portal;

/// <summary>A tutor's account never reaches a staff screen or download: every route the app maps
/// that its authorization keeps for staff (pages and endpoints alike, found in the app's own route
/// table, so a new staff page is covered the day it is added) is refused to a signed-in tutor.</summary>
[Collection(AppCollection.Name)]
public sealed partial class TutorStaffBoundaryTests(AppFixture fixture)
{
    [Fact]
    public async Task Every_staff_route_is_refused_to_a_signed_in_tutor()
    {
        var tutor = await PortalTutors.CreateAsync(fixture.App, "aurora");
        using var http = new Http(fixture.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", tutor.Email, TestUsers.Password)).StatusCode);

        var staffRoutes = StaffOnlyRoutes().ToList();
        Assert.Contains("/tutors/{id:guid}", staffRoutes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("/invoices/{id:guid}/pdf", staffRoutes, StringComparer.OrdinalIgnoreCase);
        var reached = new List<string>();
        foreach (var route in staffRoutes)
        {
            var path = "aurora" + Parameter().Replace(route, m => m.Value.Contains(":guid", StringComparison.OrdinalIgnoreCase) ? Guid.NewGuid().ToString() : "2026-01-01");
            var response = await http.GetAsync(path);
            var refused = response.StatusCode switch
            {
                HttpStatusCode.Redirect => Http.Location(response)?.Contains("/account/access-denied", StringComparison.Ordinal) == true,
                HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed => true,
                HttpStatusCode.OK => (await response.Content.ReadAsStringAsync()).Contains("data-testid=\"access-denied\"", StringComparison.Ordinal),
                _ => false,
            };
            if (!refused)
            {
                reached.Add($"{route} → {(int)response.StatusCode}");
            }
        }

        Assert.True(reached.Count == 0, "a tutor reached: " + string.Join(", ", reached));
    }

    /// <summary>Every GET route whose authorization names roles (by policy or directly) none of which is Tutor.</summary>
    private IEnumerable<string> StaffOnlyRoutes()
    {
        var policies = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [Policies.Staff] = Roles.Split(Roles.Staff).ToArray(),
            [Policies.Admin] = [Roles.Admin],
            [Policies.FrontDesk] = Roles.Split(Roles.FrontDesk).ToArray(),
            [Policies.Clinical] = Roles.Split(Roles.Clinical).ToArray(),
            [Policies.Care] = Roles.Split(Roles.Care).ToArray(),
            [Policies.Tutor] = [Roles.Tutor],
        };
        var sources = fixture.App.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var rules = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var policy = endpoint.Metadata.GetMetadata<AuthorizationPolicy>();
            var roles = rules.SelectMany(r => (r.Policy is { } name && policies.TryGetValue(name, out var named) ? named : [])
                    .Concat(r.Roles?.Split(',', StringSplitOptions.TrimEntries) ?? []))
                .Concat(policy?.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles) ?? [])
                .ToList();
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods;
            if (roles.Count > 0 && !roles.Contains(Roles.Tutor) && (methods is null || methods.Contains("GET")) && endpoint.RoutePattern.RawText is { } raw)
            {
                yield return "/" + raw.TrimStart('/');
            }
        }
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
