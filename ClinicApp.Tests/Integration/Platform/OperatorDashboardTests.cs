using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Integration.Platform;

[Collection(AppCollection.Name)]
public sealed class OperatorDashboardTests(AppFixture fixture)
{
    [Fact]
    public async Task The_job_dashboard_asks_for_operator_credentials()
    {
        using var http = new Http(fixture.BaseUrl);

        var response = await http.GetAsync("hangfire");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_hospital_admin_is_not_a_platform_operator()
    {
        using var http = new Http(fixture.BaseUrl);
        await http.SignInAsync("aurora", "admin@aurora.vet");

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("hangfire")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await http.GetAsync("aurora/hangfire")).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_never_opens_inside_a_hospitals_address()
    {
        using var http = new Http(fixture.BaseUrl);

        var response = await SendAsync(http, $"{ClinicAppFactory.OperatorUser}:{ClinicAppFactory.OperatorPassword}", "aurora/hangfire");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Wrong_operator_credentials_are_refused_and_right_ones_open_the_dashboard()
    {
        using var http = new Http(fixture.BaseUrl);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, "operator:wrong")).StatusCode);
        var response = await SendAsync(http, $"{ClinicAppFactory.OperatorUser}:{ClinicAppFactory.OperatorPassword}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hangfire", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SendAsync(Http http, string credentials, string path = "hangfire")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return http.Client.SendAsync(request);
    }
}
