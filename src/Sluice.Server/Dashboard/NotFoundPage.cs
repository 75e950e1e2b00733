using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Dashboard;

/// <summary>A 404 inside the dashboard's frame, with a way back.</summary>
internal static class NotFoundPage
{
    public static IResult Render(PageContext context, string message) =>
        Layout.Page(context, "Not found", "", new Html().Add($"<h1>Not found</h1><p>{message}</p><p><a href=\"/ui/\">Back to runs</a></p>"), status: StatusCodes.Status404NotFound);
}
