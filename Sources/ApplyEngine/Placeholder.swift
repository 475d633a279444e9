// ApplyEngine
