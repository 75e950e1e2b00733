def handler(event, context):
    return {"function": "search", "ok": True}
