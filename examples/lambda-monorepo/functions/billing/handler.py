def handler(event, context):
    return {"function": "billing", "ok": True}
